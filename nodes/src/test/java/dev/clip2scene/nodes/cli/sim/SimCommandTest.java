package dev.clip2scene.nodes.cli.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clip2scene.model.geometry.RigidTransform;
import dev.clip2scene.model.geometry.Vector3;
import dev.clip2scene.model.teacher.PixelLabels;
import dev.clip2scene.msgs.MessageTypes;
import dev.clip2scene.msgs.geometry.TransformStamped;
import dev.clip2scene.msgs.pointcloud.PointCloud2View;
import dev.clip2scene.msgs.pointcloud.PointFieldReader;
import dev.clip2scene.msgs.sensor.CameraInfo;
import dev.clip2scene.msgs.sensor.Image;
import dev.clip2scene.nodes.bag.BagMessage;
import dev.clip2scene.nodes.bag.BagReader;
import dev.clip2scene.nodes.bag.MessageCursor;
import dev.clip2scene.nodes.cli.Clip2SceneCommand;
import dev.clip2scene.nodes.image.ImageDecodeException;
import dev.clip2scene.nodes.sim.LabelImages;
import dev.clip2scene.nodes.tf.StampedTransform;
import dev.clip2scene.nodes.tf.TransformBuffer;
import dev.clip2scene.msgs.std.Header;
import dev.clip2scene.msgs.builtin.Time;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SimCommandTest {
  @TempDir Path tmp;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = Clip2SceneCommand.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  private Path simulate(String name, String... extra) {
    return simulate(name, 6, 160, 3, extra);
  }

  /** A bag folder named "bag" inside tmp/NAME, so that bags of different runs have the same file names. */
  private Path simulate(String name, int frames, int width, long seed, String... extra) {
    Path bag = tmp.resolve(name).resolve("bag");
    List<String> args = new ArrayList<>(List.of("sim", "--frames", "" + frames, "--seed", "" + seed, "--width", "" + width,
        "--points-per-sweep", "4096", "--out", bag.toString()));
    args.addAll(List.of(extra));
    assertEquals(0, run(args.toArray(String[]::new)), err.toString());
    return bag;
  }

  private static Map<String, byte[]> files(Path bag) throws Exception {
    Map<String, byte[]> m = new HashMap<>();
    try (Stream<Path> s = Files.list(bag)) {
      for (Path f : s.toList()) m.put(f.getFileName().toString(), Files.readAllBytes(f));
    }
    return m;
  }

  @Test
  void theSameArgumentsGiveTheSameBagBitForBit() throws Exception {
    Map<String, byte[]> a = files(simulate("a"));
    Map<String, byte[]> b = files(simulate("b"));
    assertEquals(2, a.size());
    assertArrayEquals(a.get("bag_0.mcap"), b.get("bag_0.mcap"));
    assertArrayEquals(a.get("metadata.yaml"), b.get("metadata.yaml"));
    Map<String, byte[]> c = files(simulate("c", 6, 160, 4));
    assertFalse(java.util.Arrays.equals(a.get("bag_0.mcap"), c.get("bag_0.mcap")));
  }

  @Test
  void theBagHoldsCloudsWithGroundTruthImagesLabelsAndTf() throws Exception {
    Path bag = simulate("full", "--cameras", "6", "--storage", "sqlite3");
    Map<String, Integer> counts = new HashMap<>();
    TransformBuffer tf = new TransformBuffer();
    List<BagMessage> clouds = new ArrayList<>();
    Map<String, Image> firstLabels = new HashMap<>();
    Map<String, CameraInfo> infos = new HashMap<>();
    try (BagReader r = BagReader.open(bag); MessageCursor c = r.messages()) {
      for (BagMessage m = c.next(); m != null; m = c.next()) {
        counts.merge(m.topic(), 1, Integer::sum);
        if (m.topic().equals("/tf") || m.topic().equals("/tf_static")) {
          for (TransformStamped t : MessageTypes.TF_MESSAGE.decode(m.data()).transforms()) {
            var q = t.transform().rotation();
            var v = t.transform().translation();
            StampedTransform e = new StampedTransform(t.header().frameId(), t.childFrameId(), t.header().stamp().toNanos(),
                RigidTransform.of(v.x(), v.y(), v.z(), new dev.clip2scene.model.geometry.Quaternion(q.x(), q.y(), q.z(), q.w())));
            if (m.topic().equals("/tf_static")) tf.addStatic(e);
            else tf.add(e);
          }
        } else if (m.topic().equals("/lidar_top/points")) {
          clouds.add(m);
        } else if (m.topic().endsWith("/labels")) {
          firstLabels.putIfAbsent(m.topic(), MessageTypes.IMAGE.decode(m.data()));
        } else if (m.topic().endsWith("/camera_info")) {
          infos.putIfAbsent(m.topic(), MessageTypes.CAMERA_INFO.decode(m.data()));
        }
      }
    }
    assertEquals(6, clouds.size());
    assertEquals(6 * 5 + 1, counts.get("/tf"));
    assertEquals(1, counts.get("/tf_static"));
    assertEquals(1, counts.get("/ground_truth/label_map"));
    for (String cam : List.of("cam_front", "cam_front_left", "cam_front_right", "cam_back_left", "cam_back_right", "cam_back")) {
      assertEquals(6, counts.get("/" + cam + "/image_raw"), cam);
      assertEquals(6, counts.get("/" + cam + "/labels"), cam);
      CameraInfo info = infos.get("/" + cam + "/camera_info");
      assertEquals(160, info.width());
      assertEquals(90, info.height());
      PixelLabels labels = LabelImages.decode(firstLabels.get("/" + cam + "/labels"), 16);
      assertEquals(160 * 90, labels.labels().length);
    }
    PointCloud2View cloud = PointCloud2View.decode(clouds.get(2).data());
    assertEquals("LIDAR_TOP", cloud.header().frameId());
    PointFieldReader label = cloud.require("label"), t = cloud.require("t");
    cloud.require("ring");
    cloud.require("intensity");
    int[] perClass = new int[16];
    for (int i = 0; i < cloud.size(); i++) {
      perClass[(int) label.getLong(i)]++;
      assertTrue(t.getFloat(i) >= 0 && t.getFloat(i) < 0.05f);
    }
    assertTrue(perClass[10] > cloud.size() / 10, "the road is most of a sweep");
    // the LiDAR sits 1.84 m over base_link, which drives along y = -1.75 in odom
    long stamp = cloud.header().stamp().toNanos();
    Vector3 lidarInOdom = tf.lookup("odom", "LIDAR_TOP", stamp).apply(Vector3.ZERO);
    assertEquals(1.84, lidarInOdom.z(), 1e-9);
    assertEquals(-1.75, lidarInOdom.y(), 0.4);
    assertTrue(tf.lookup("odom", "base_link", stamp + 40_000_000L).translation().x() > tf.lookup("odom", "base_link", stamp).translation().x());
  }

  @Test
  void pngPreviewsAndJsonSummary() throws Exception {
    Path png = tmp.resolve("png");
    simulate("p", "--png", png.toString(), "--json");
    JsonNode j = new ObjectMapper().readTree(out.toString().trim());
    assertEquals(6, j.get("frames").asInt());
    assertEquals("160x90", j.get("image_size").asText());
    assertTrue(j.get("mean_points_per_sweep").asInt() > 2000);
    assertTrue(Files.size(png.resolve("frame_0000_cam_front.png")) > 1000);
    assertTrue(Files.size(png.resolve("frame_0000_cam_front_labels.png")) > 1000);
    assertTrue(Files.size(png.resolve("frame_0000_bev.png")) > 1000);
  }

  @Test
  void theTeacherVerbMeasuresAccuracyNearTheConfiguredOne() throws Exception {
    Path bag = simulate("t", 12, 320, 3);
    out.getBuffer().setLength(0);
    Path export = tmp.resolve("teacher");
    assertEquals(0, run("sim", "teacher", bag.toString(), "--accuracy", "0.6", "--json", "--export", export.toString()),
        err.toString());
    JsonNode j = new ObjectMapper().readTree(out.toString().trim());
    assertEquals(12, j.get("images").asInt());
    assertEquals(0.6, j.get("pixel_accuracy").asDouble(), 0.05);
    // one 8-bit PNG per image, on the patch grid (320 x 180 -> 20 x 11), class ids below 16 or 255
    Path first = dev.clip2scene.nodes.sim.LabelPngs.file(export, "/cam_front/image_raw", 1_700_000_000_000_000_000L);
    java.awt.image.BufferedImage png = javax.imageio.ImageIO.read(first.toFile());
    assertEquals(20, png.getWidth());
    assertEquals(11, png.getHeight());
    int[] v = png.getRaster().getSamples(0, 0, 20, 11, 0, (int[]) null);
    assertTrue(java.util.Arrays.stream(v).allMatch(x -> x < 16 || x == 255));
    try (Stream<Path> s = Files.list(first.getParent())) {
      assertEquals(12, s.count());
    }
  }

  @Test
  void badUsageExitsWithTwo() {
    assertEquals(2, run("sim", "--frames", "2"));
    assertEquals(2, run("sim", "--frames", "2", "--out", tmp.resolve("x").toString(), "--cameras", "7"));
    assertEquals(2, run("sim", "--frames", "2", "--out", tmp.resolve("y").toString(), "--storage", "zip"));
    assertEquals(2, run("sim", "--frames", "0", "--out", tmp.resolve("z").toString()));
    assertEquals(2, run("sim", "teacher", tmp.toString(), "--accuracy", "1.5"));
  }

  @Test
  void labelImagesOfTheWrongShapeAreRefusedByName() {
    Header h = new Header(Time.ZERO, "cam");
    assertThrows(ImageDecodeException.class, () -> LabelImages.decode(new Image(h, 2, 2, "rgb8", 0, 6, new byte[12]), 16));
    assertThrows(ImageDecodeException.class, () -> LabelImages.decode(new Image(h, 4, 4, "mono8", 0, 4, new byte[15]), 16));
    ImageDecodeException e = assertThrows(ImageDecodeException.class,
        () -> LabelImages.decode(new Image(h, 1, 2, "mono8", 0, 2, new byte[] {3, 40}), 16));
    assertTrue(e.getMessage().contains("(1, 0)"), e.getMessage());
    PixelLabels ok = LabelImages.decode(new Image(h, 1, 2, "mono16", 0, 4, new byte[] {3, 0, (byte) 255, (byte) 255}), 16);
    assertArrayEquals(new int[] {3, -1}, ok.labels());
    assertEquals("/cam_front/labels", LabelImages.labelsTopic("/cam_front/image_raw"));
  }
}
