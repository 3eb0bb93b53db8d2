package dev.clip2scene.nodes.dataset.nuscenes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clip2scene.model.geometry.Quaternion;
import dev.clip2scene.model.geometry.RigidTransform;
import dev.clip2scene.model.geometry.Vector3;
import dev.clip2scene.msgs.MessageTypes;
import dev.clip2scene.msgs.geometry.TransformStamped;
import dev.clip2scene.msgs.pointcloud.PointCloud2View;
import dev.clip2scene.msgs.pointcloud.PointFieldReader;
import dev.clip2scene.msgs.sensor.CameraInfo;
import dev.clip2scene.msgs.sensor.CompressedImage;
import dev.clip2scene.nodes.bag.BagMessage;
import dev.clip2scene.nodes.bag.BagReader;
import dev.clip2scene.nodes.bag.MessageCursor;
import dev.clip2scene.nodes.bag.WriterOptions;
import dev.clip2scene.nodes.cli.Clip2SceneCommand;
import dev.clip2scene.model.loss.PseudoLabels;
import dev.clip2scene.model.train.CameraFrame;
import dev.clip2scene.model.train.PretrainConfig;
import dev.clip2scene.model.train.Sample;
import dev.clip2scene.nodes.pretrain.SampleLoader;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A two-sample scene in the nuScenes devkit layout, built here (LIDAR_TOP keyframes and a sweep between them,
 * CAM_FRONT and CAM_BACK JPEGs, a radar to skip, lidarseg labels on the first keyframe), imported and read back:
 * the tf chain, clouds, camera_info, image bytes and labels, then samples assembled from the bag.
 */
class NuScenesImportTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final RigidTransform LIDAR = RigidTransform.of(0.94, 0, 1.84, yaw(-Math.PI / 2));
  private static final RigidTransform FRONT = RigidTransform.of(1.7, 0.01, 1.51, new Quaternion(-0.5, 0.5, -0.5, 0.5));
  private static final RigidTransform BACK = RigidTransform.of(0.05, -0.01, 1.56, yaw(Math.PI).multiply(new Quaternion(-0.5, 0.5, -0.5, 0.5)));
  private static final double[][] K = {{1266.4, 0, 816.3}, {0, 1266.4, 491.5}, {0, 0, 1}};
  /** A static point of the world that every sweep sees. */
  private static final Vector3 POLE = new Vector3(30, 5, 1);
  @TempDir Path tmp;

  private static Quaternion yaw(double a) {
    return Quaternion.fromAxisAngle(new Vector3(0, 0, 1), a);
  }

  /** The ego pose at T microseconds: 8 m/s ahead, turning at 0.3 rad/s. */
  private static RigidTransform ego(long us) {
    double t = us / 1e6;
    return new RigidTransform(new Vector3(8 * t, 2, 0), yaw(0.3 * t));
  }

  @Test
  void importsTheTfChainCloudsImagesAndLabels() throws Exception {
    Path dir = dataset();
    Path bag = tmp.resolve("bag");
    StringWriter out = new StringWriter();
    var cli = Clip2SceneCommand.commandLine();
    cli.setOut(new PrintWriter(out, true));
    assertEquals(0, cli.execute("import", "nuscenes", dir.toString(), "--out", bag.toString(), "--json"), out.toString());
    JsonNode summary = JSON.readTree(out.toString());
    assertEquals("[\"scene-0001\"]", summary.get("scenes").toString());
    assertEquals(3, summary.get("sweeps").asInt());
    assertEquals(2, summary.get("keyframes").asInt());
    assertEquals(1, summary.get("labelled_keyframes").asInt());
    assertEquals(3, summary.get("images").asInt());
    assertEquals("[\"CAM_BACK\",\"CAM_FRONT\"]", summary.get("cameras").toString());

    Map<String, List<BagMessage>> byTopic = read(bag);
    assertEquals(Set.of("/tf_static", "/tf", "/LIDAR_TOP", "/CAM_FRONT/image/compressed", "/CAM_FRONT/camera_info", "/CAM_BACK/image/compressed",
        "/CAM_BACK/camera_info"), byTopic.keySet(), "the radar is skipped");

    List<TransformStamped> statics = MessageTypes.TF_MESSAGE.decode(byTopic.get("/tf_static").get(0).data()).transforms();
    TransformStamped front = statics.stream().filter(t -> t.childFrameId().equals("CAM_FRONT")).findFirst().orElseThrow();
    assertEquals("base_link", front.header().frameId());
    assertEquals(1.7, front.transform().translation().x());
    assertEquals(-0.5, front.transform().rotation().x(), 1e-12, "w, x, y, z in the JSON; x, y, z, w on the wire");
    assertEquals(0.5, front.transform().rotation().w(), 1e-12);
    assertEquals(3, statics.size(), "LIDAR_TOP, CAM_FRONT, CAM_BACK");

    List<BagMessage> tf = byTopic.get("/tf");
    assertEquals(6, tf.size(), "one ego pose per LiDAR sweep and image");
    TransformStamped pose = MessageTypes.TF_MESSAGE.decode(tf.get(0).data()).transforms().get(0);
    assertEquals("odom", pose.header().frameId());
    assertEquals("base_link", pose.childFrameId());
    assertEquals(1_000_000_000L, pose.header().stamp().toNanos());
    assertEquals(8.0, pose.transform().translation().x(), 1e-12);
    assertEquals(Math.sin(0.15), pose.transform().rotation().z(), 1e-12);

    List<BagMessage> clouds = byTopic.get("/LIDAR_TOP");
    assertEquals(3, clouds.size());
    PointCloud2View key = PointCloud2View.decode(clouds.get(0).data());
    assertEquals("LIDAR_TOP", key.header().frameId());
    assertEquals(List.of("x", "y", "z", "intensity", "ring", "label"), key.fields().stream().map(PointFieldReader::name).toList());
    assertEquals(3, key.size());
    assertArrayEquals(points(1_000_000L), key.xyzi());
    assertEquals(17, key.require("ring").getLong(2));
    assertEquals(List.of(3L, 255L, 15L), List.of(key.require("label").getLong(0), key.require("label").getLong(1), key.require("label").getLong(2)),
        "lidarseg car, noise, vegetation -> training ids of the nuscenes vocabulary");
    PointCloud2View sweep = PointCloud2View.decode(clouds.get(1).data());
    assertFalse(sweep.field("label").isPresent(), "sweeps carry no labels");
    assertEquals(1_250_000_000L, sweep.header().stamp().toNanos());

    CameraInfo info = MessageTypes.CAMERA_INFO.decode(byTopic.get("/CAM_FRONT/camera_info").get(0).data());
    assertEquals("CAM_FRONT", info.header().frameId());
    assertArrayEquals(new double[] {1266.4, 0, 816.3, 0, 1266.4, 491.5, 0, 0, 1}, info.k());
    assertEquals(32, info.width());
    assertEquals(24, info.height());
    for (double d : info.d()) assertEquals(0, d, "nuScenes images are undistorted");
    CompressedImage img = MessageTypes.COMPRESSED_IMAGE.decode(byTopic.get("/CAM_FRONT/image/compressed").get(1).data());
    assertEquals("jpeg", img.format());
    assertArrayEquals(Files.readAllBytes(dir.resolve("samples/CAM_FRONT/f2.jpg")), img.data(), "the JPEG passed through");

    // the bag feeds pretraining: sample at the second keyframe with the sweep registered into it
    PretrainConfig.Data config = new PretrainConfig.Data();
    config.cloudTopic = "/LIDAR_TOP";
    config.cameraTopics = List.of("/CAM_FRONT/image/compressed", "/CAM_BACK/image/compressed");
    config.sweeps = 2;
    List<String> warnings = new ArrayList<>();
    List<Sample> samples = SampleLoader.loadAll(List.of(bag), config, warnings::add);
    assertEquals(List.of(), warnings);
    Sample first = samples.get(0);
    assertEquals(2, first.cameras().size(), "both cameras within 50 ms of the first keyframe");
    assertEquals(List.of(3, PseudoLabels.IGNORE, 15), List.of(first.labels()[0], first.labels()[1], first.labels()[2]), "255 in the bag is no label");
    Sample second = samples.get(2);
    assertEquals(1_500_000_000L, second.stampNs());
    assertEquals(3 + 3, second.pointCount(), "the keyframe and the sweep at 1.25 s");
    Vector3 pole = ego(1_500_000L).compose(LIDAR).inverse().apply(POLE);
    assertEquals(pole.x(), second.points()[0], 1e-4);
    assertEquals(pole.x(), second.points()[12], 1e-4, "the sweep's view of the pole, registered through the ego poses");
    assertEquals(pole.y(), second.points()[13], 1e-4);
    assertEquals(pole.z(), second.points()[14], 1e-4);
    CameraFrame cam = second.cameras().get(0);
    assertEquals("/CAM_FRONT/image/compressed", cam.topic());
    assertEquals(32, cam.image().get().width(), "the JPEG decodes");
    Vector3 inCamera = cam.cloudToCamera().apply(new Vector3(pole.x(), pole.y(), pole.z()));
    Vector3 expected = ego(1_510_000L).compose(FRONT).inverse().apply(POLE);
    assertEquals(0, inCamera.minus(expected).norm(), 1e-9, "lidar -> camera through the ego pose at the image's stamp");
  }

  @Test
  void badInputNamesTheFileAndToken() throws Exception {
    Path dir = dataset();
    Path lidar = dir.resolve("sweeps/LIDAR_TOP/l2.pcd.bin");
    byte[] whole = Files.readAllBytes(lidar);
    Files.write(lidar, java.util.Arrays.copyOf(whole, whole.length - 4));
    String m = failure(dir, "a");
    assertTrue(m.contains("l2.pcd.bin") && m.contains("multiple of 20") && m.contains("sd-l2"), m);
    Files.write(lidar, whole);

    Path table = dir.resolve("v1.0-mini/sample_data.json");
    String json = Files.readString(table);
    Files.writeString(table, json.replaceFirst("\"ep-c1\"", "\"nope\""));
    m = failure(dir, "b");
    assertTrue(m.contains("sample_data.json") && m.contains("sd-c1") && m.contains("ego_pose_token nope") && m.contains("ego_pose.json"), m);
    Files.writeString(table, json);

    Path seg = dir.resolve("lidarseg/v1.0-mini/sd-l1_lidarseg.bin");
    Files.write(seg, new byte[] {17, 0});
    m = failure(dir, "c");
    assertTrue(m.contains("sd-l1_lidarseg.bin") && m.contains("2 labels for the 3 points") && m.contains("sd-l1"), m);

    Files.write(seg, new byte[] {17, 0, 30});
    // a second scene whose LiDAR was mounted elsewhere: its static transform would contradict the first scene's
    append(dir, "scene", row("token", "sc2", "name", "scene-0002"));
    append(dir, "sample", row("token", "smp3", "scene_token", "sc2", "timestamp", 9_000_000L));
    append(dir, "calibrated_sensor", calibration("cs-lidar2", "s-lidar", RigidTransform.of(0.9, 0, 1.8, yaw(-Math.PI / 2)), null));
    append(dir, "ego_pose", pose(row("token", "ep-l9", "timestamp", 9_000_000L), ego(9_000_000L)));
    append(dir, "sample_data", row("token", "sd-l9", "sample_token", "smp3", "ego_pose_token", "ep-l9", "calibrated_sensor_token", "cs-lidar2",
        "filename", "samples/LIDAR_TOP/l1.pcd.bin", "timestamp", 9_000_000L, "is_key_frame", true));
    m = failure(dir, "f");
    assertTrue(m.contains("LIDAR_TOP is calibrated differently in scenes scene-0001 and scene-0002") && m.contains("--scene"), m);
    NuScenesBagImporter.Summary one = NuScenesBagImporter.run(dir, null, Set.of("scene-0002"), tmp.resolve("g"), WriterOptions.SQLITE3);
    assertEquals(List.of("scene-0002"), one.scenes(), "one scene alone imports");
    assertEquals(1, one.sweeps());

    Files.delete(dir.resolve("v1.0-mini/ego_pose.json"));
    m = failure(dir, "d");
    assertTrue(m.contains("ego_pose.json") && m.contains("missing table"), m);

    m = assertThrows(NuScenesFormatException.class, () -> NuScenesBagImporter.run(tmp, null, Set.of(), tmp.resolve("e"), WriterOptions.MCAP))
        .getMessage();
    assertTrue(m.contains("no v1.0-* table folder"), m);
  }

  private String failure(Path dir, String bag) {
    return assertThrows(NuScenesFormatException.class, () -> NuScenesBagImporter.run(dir, null, Set.of(), tmp.resolve(bag), WriterOptions.MCAP))
        .getMessage();
  }

  /** The pole as seen at T (microseconds), a point below the sensor, a far one: x, y, z, intensity. */
  private static float[] points(long us) {
    Vector3 p = ego(us).compose(LIDAR).inverse().apply(POLE);
    return new float[] {(float) p.x(), (float) p.y(), (float) p.z(), 12, 0.5f, 0.5f, -1.5f, 3, 20, -4, 0.2f, 40};
  }

  private Path dataset() throws IOException {
    Path dir = tmp.resolve("nuscenes");
    Path tables = Files.createDirectories(dir.resolve("v1.0-mini"));
    write(tables, "sensor", List.of(row("token", "s-lidar", "channel", "LIDAR_TOP", "modality", "lidar"),
        row("token", "s-front", "channel", "CAM_FRONT", "modality", "camera"), row("token", "s-back", "channel", "CAM_BACK", "modality", "camera"),
        row("token", "s-radar", "channel", "RADAR_FRONT", "modality", "radar")));
    write(tables, "calibrated_sensor", List.of(calibration("cs-lidar", "s-lidar", LIDAR, null), calibration("cs-front", "s-front", FRONT, K),
        calibration("cs-back", "s-back", BACK, K), calibration("cs-radar", "s-radar", RigidTransform.IDENTITY, null)));
    write(tables, "scene", List.of(row("token", "sc1", "name", "scene-0001", "first_sample_token", "smp1", "last_sample_token", "smp2")));
    write(tables, "sample", List.of(row("token", "smp1", "scene_token", "sc1", "timestamp", 1_000_000L),
        row("token", "smp2", "scene_token", "sc1", "timestamp", 1_500_000L)));
    List<ObjectNode> poses = new ArrayList<>();
    List<ObjectNode> data = new ArrayList<>();
    Object[][] rows = {
        {"l1", "smp1", "cs-lidar", "samples/LIDAR_TOP/l1.pcd.bin", 1_000_000L, true},
        {"r1", "smp1", "cs-radar", "samples/RADAR_FRONT/r1.pcd", 1_000_500L, true},
        {"c1", "smp1", "cs-front", "samples/CAM_FRONT/f1.jpg", 1_010_000L, true},
        {"b1", "smp1", "cs-back", "samples/CAM_BACK/b1.jpg", 1_020_000L, true},
        {"l2", "smp2", "cs-lidar", "sweeps/LIDAR_TOP/l2.pcd.bin", 1_250_000L, false},
        {"l3", "smp2", "cs-lidar", "samples/LIDAR_TOP/l3.pcd.bin", 1_500_000L, true},
        {"c2", "smp2", "cs-front", "samples/CAM_FRONT/f2.jpg", 1_510_000L, true}};
    for (Object[] r : rows) {
      String token = (String) r[0];
      long us = (Long) r[4];
      poses.add(pose(row("token", "ep-" + token, "timestamp", us), ego(us)));
      ObjectNode d = row("token", "sd-" + token, "sample_token", r[1], "ego_pose_token", "ep-" + token, "calibrated_sensor_token", r[2],
          "filename", r[3], "fileformat", "x", "timestamp", us, "is_key_frame", r[5], "height", 0, "width", 0, "prev", "", "next", "");
      if (((String) r[3]).endsWith(".jpg")) d.put("height", 24).put("width", 32);
      data.add(d);
      Path file = Files.createDirectories(dir.resolve((String) r[3]).getParent()).resolve(Path.of((String) r[3]).getFileName());
      if (token.startsWith("l")) Files.write(file, pcdBin(points(us), new float[] {0, 5, 17}));
      else if (token.startsWith("r")) Files.writeString(file, "radar: not read");
      else jpeg(file, token.hashCode());
    }
    write(tables, "ego_pose", poses);
    write(tables, "sample_data", data);
    write(tables, "lidarseg", List.of(row("token", "ls1", "sample_data_token", "sd-l1", "filename", "lidarseg/v1.0-mini/sd-l1_lidarseg.bin")));
    Files.createDirectories(dir.resolve("lidarseg/v1.0-mini"));
    Files.write(dir.resolve("lidarseg/v1.0-mini/sd-l1_lidarseg.bin"), new byte[] {17, 0, 30});
    return dir;
  }

  private static void append(Path dir, String table, ObjectNode r) throws IOException {
    Path file = dir.resolve("v1.0-mini/" + table + ".json");
    ArrayNode rows = (ArrayNode) JSON.readTree(file.toFile());
    rows.add(r);
    JSON.writeValue(file.toFile(), rows);
  }

  private static ObjectNode row(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
    return JSON.valueToTree(m);
  }

  private static ObjectNode calibration(String token, String sensor, RigidTransform t, double[][] k) {
    ObjectNode r = pose(row("token", token, "sensor_token", sensor), t);
    r.set("camera_intrinsic", JSON.valueToTree(k == null ? new double[0][] : k));
    return r;
  }

  /** translation and rotation (w, x, y, z) as nuScenes writes them. */
  private static ObjectNode pose(ObjectNode r, RigidTransform t) {
    Vector3 v = t.translation();
    Quaternion q = t.rotation();
    r.set("translation", JSON.valueToTree(new double[] {v.x(), v.y(), v.z()}));
    r.set("rotation", JSON.valueToTree(new double[] {q.w(), q.x(), q.y(), q.z()}));
    return r;
  }

  private static void write(Path tables, String name, List<ObjectNode> rows) throws IOException {
    ArrayNode a = JSON.createArrayNode();
    rows.forEach(a::add);
    JSON.writerWithDefaultPrettyPrinter().writeValue(tables.resolve(name + ".json").toFile(), a);
  }

  private static byte[] pcdBin(float[] xyzi, float[] ring) {
    ByteBuffer b = ByteBuffer.allocate(20 * ring.length).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < ring.length; i++) {
      for (int k = 0; k < 4; k++) b.putFloat(xyzi[4 * i + k]);
      b.putFloat(ring[i]);
    }
    return b.array();
  }

  private static void jpeg(Path file, int seed) throws IOException {
    BufferedImage img = new BufferedImage(32, 24, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 24; y++) for (int x = 0; x < 32; x++) img.setRGB(x, y, (seed + 7 * x + 13 * y) & 0xffffff);
    assertTrue(ImageIO.write(img, "jpg", file.toFile()));
  }

  private static Map<String, List<BagMessage>> read(Path bag) throws Exception {
    Map<String, List<BagMessage>> out = new LinkedHashMap<>();
    try (BagReader r = BagReader.open(bag); MessageCursor c = r.messages()) {
      for (BagMessage m = c.next(); m != null; m = c.next()) out.computeIfAbsent(m.topic(), k -> new ArrayList<>()).add(m);
    }
    return out;
  }
}
