package dev.clip2scene.nodes.dataset.kitti;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clip2scene.model.geometry.RigidTransform;
import dev.clip2scene.msgs.MessageTypes;
import dev.clip2scene.msgs.pointcloud.PointCloud2View;
import dev.clip2scene.msgs.sensor.CameraInfo;
import dev.clip2scene.msgs.sensor.CompressedImage;
import dev.clip2scene.nodes.bag.BagMessage;
import dev.clip2scene.nodes.bag.BagReader;
import dev.clip2scene.nodes.bag.MessageCursor;
import dev.clip2scene.nodes.bag.WriterOptions;
import dev.clip2scene.model.train.PretrainConfig;
import dev.clip2scene.model.train.Sample;
import dev.clip2scene.nodes.pretrain.SampleLoader;
import dev.clip2scene.testkit.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KittiImportTest {
  @TempDir Path tmp;

  @Test
  void objectFramesBecomeCloudsImagesCameraInfoAndTf() throws Exception {
    Path kitti = Fixtures.sharedData("kitti/object");
    KittiBagImporter.Summary s = KittiBagImporter.run(kitti, tmp.resolve("bag"), WriterOptions.MCAP, false);
    assertEquals(KittiLayout.Kind.OBJECT, s.layout());
    assertEquals(3, s.frames());
    Map<String, List<BagMessage>> byTopic = read(tmp.resolve("bag"));
    assertEquals(3, byTopic.get(KittiBagImporter.CLOUD_TOPIC).size());
    assertEquals(3, byTopic.get(KittiBagImporter.IMAGE_TOPIC).size());
    assertEquals(3, byTopic.get("/tf").size());
    PointCloud2View cloud = PointCloud2View.decode(byTopic.get(KittiBagImporter.CLOUD_TOPIC).get(1).data());
    float[] scan = KittiVelodyne.read(kitti.resolve("velodyne/000001.bin"));
    assertArrayEquals(scan, cloud.xyzi());
    assertEquals(1_100_000_000L, cloud.header().stamp().toNanos(), "object frames 0.1 s apart from 1 s");
    CameraInfo info = MessageTypes.CAMERA_INFO.decode(byTopic.get(KittiBagImporter.INFO_TOPIC).get(1).data());
    double[] p2 = KittiCalibration.read(kitti.resolve("calib/000001.txt")).projection(2);
    assertEquals(p2[0], info.k()[0]);
    assertEquals(p2[2], info.k()[2]);
    assertEquals(375, info.height());

    PretrainConfig.Data data = new PretrainConfig.Data();
    List<String> warnings = new ArrayList<>();
    List<Sample> samples = SampleLoader.loadAll(List.of(tmp.resolve("bag")), data, warnings::add);
    assertEquals(3, samples.size());
    assertTrue(warnings.get(0).contains("no ego poses"), warnings.toString());
    Sample second = samples.get(1);
    assertEquals(1, second.cameras().size());
    RigidTransform expected = KittiCalibration.read(kitti.resolve("calib/000001.txt")).veloToCamera(2);
    RigidTransform got = second.cameras().get(0).cloudToCamera();
    assertArrayEquals(expected.toMatrix(), got.toMatrix(), 1e-9, "the per-frame calibration travels through /tf");
    for (int i = 0; i < second.pointCount(); i++) {
      float x = second.points()[i * 4], y = second.points()[i * 4 + 1], z = second.points()[i * 4 + 2];
      assertTrue(x * x + y * y + z * z >= 1.0f, "points within 1 m dropped");
    }
    assertEquals(1242, second.cameras().get(0).image().get().width());
    for (Sample frame : samples) {
      assertEquals(frame.cameras().get(0).image().get().width(), frame.cameras().get(0).camera().width(),
          "each frame's own camera_info: the object benchmark's frames differ in size");
    }
    assertEquals(1224, samples.get(0).cameras().get(0).camera().width());
  }

  @Test
  void compressedImagesInSqliteAreThePngFiles() throws Exception {
    Path kitti = Fixtures.sharedData("kitti/object");
    KittiBagImporter.run(kitti, tmp.resolve("bag"), WriterOptions.SQLITE3, true);
    Map<String, List<BagMessage>> byTopic = read(tmp.resolve("bag"));
    CompressedImage img = MessageTypes.COMPRESSED_IMAGE.decode(byTopic.get(KittiBagImporter.COMPRESSED_TOPIC).get(0).data());
    assertEquals("png", img.format());
    assertArrayEquals(Files.readAllBytes(kitti.resolve("image_2/000000.png")), img.data());
  }

  @Test
  void semanticKittiLabelsMapToTrainingIds() throws Exception {
    assertEquals(0, SemanticKittiLabels.trainId(10), "car");
    assertEquals(0, SemanticKittiLabels.trainId(252), "moving car");
    assertEquals(8, SemanticKittiLabels.trainId(60), "lane marking counts as road");
    assertEquals(18, SemanticKittiLabels.trainId(81), "traffic sign");
    assertEquals(SemanticKittiLabels.IGNORE, SemanticKittiLabels.trainId(0));
    assertEquals(SemanticKittiLabels.IGNORE, SemanticKittiLabels.trainId(52), "other-structure is not trained");

    Path sk = Fixtures.sharedData("semantickitti");
    Path seq = tmp.resolve("seq");
    Files.createDirectories(seq.resolve("velodyne"));
    Files.createDirectories(seq.resolve("labels"));
    Files.createSymbolicLink(seq.resolve("velodyne/000000.bin"), sk.resolve("000000.bin").toAbsolutePath());
    Files.createSymbolicLink(seq.resolve("labels/000000.label"), sk.resolve("000000.label").toAbsolutePath());
    KittiBagImporter.Summary s = KittiBagImporter.run(seq, tmp.resolve("bag"), WriterOptions.MCAP, false);
    assertEquals(KittiLayout.Kind.ODOMETRY, s.layout());
    assertEquals(1, s.labelledFrames());
    int[] expected = SemanticKittiLabels.read(sk.resolve("000000.label"), 123_389);
    PointCloud2View cloud = PointCloud2View.decode(read(tmp.resolve("bag")).get(KittiBagImporter.CLOUD_TOPIC).get(0).data());
    var label = cloud.require("label");
    int cars = 0;
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], (int) label.getLong(i));
      if (expected[i] == 0) cars++;
    }
    assertTrue(cars > 1000, cars + " car points in the scan");
  }

  @Test
  void badInputNamesTheFile() throws Exception {
    Path seq = tmp.resolve("seq");
    Files.createDirectories(seq.resolve("velodyne"));
    Files.createDirectories(seq.resolve("labels"));
    Files.write(seq.resolve("velodyne/000000.bin"), new byte[32]);
    Files.write(seq.resolve("labels/000000.label"), new byte[12]);
    KittiFormatException e = assertThrows(KittiFormatException.class, () -> KittiBagImporter.run(seq, tmp.resolve("bag"), WriterOptions.MCAP, false));
    assertTrue(e.getMessage().contains("000000.label") && e.getMessage().contains("2 points"), e.getMessage());
    assertThrows(KittiFormatException.class, () -> KittiLayout.detect(tmp.resolve("nothing-here")));
  }

  /** The shared KITTI object frames as links in a folder of our own, so single files can be broken. */
  private Path objectCopy() throws Exception {
    Path kitti = Fixtures.sharedData("kitti/object");
    Path copy = tmp.resolve("object");
    for (String sub : List.of("velodyne", "image_2", "calib")) {
      Files.createDirectories(copy.resolve(sub));
      try (var files = Files.list(kitti.resolve(sub))) {
        for (Path f : files.toList()) Files.createSymbolicLink(copy.resolve(sub).resolve(f.getFileName()), f.toAbsolutePath());
      }
    }
    return copy;
  }

  /** Issue 14 item 7: a truncated PNG fails naming the file; nothing is written as if the frame were fine. */
  @Test
  void truncatedPngNamesTheFile() throws Exception {
    Path copy = objectCopy();
    Path png = copy.resolve("image_2/000001.png");
    byte[] full = Files.readAllBytes(png);
    Files.delete(png);
    Files.write(png, java.util.Arrays.copyOf(full, full.length / 2));
    var e = assertThrows(dev.clip2scene.model.image.ImageFormatException.class,
        () -> KittiBagImporter.run(copy, tmp.resolve("bag"), WriterOptions.MCAP, false));
    assertTrue(e.getMessage().startsWith(png + ": PNG ") && e.getMessage().contains("(truncated"), e.getMessage());
  }

  /** Issue 14 item 7: a missing velodyne file is an error naming it, not a frame dropped in silence. */
  @Test
  void missingScanIsAnErrorNamingIt() throws Exception {
    Path copy = objectCopy();
    Files.delete(copy.resolve("velodyne/000001.bin"));
    KittiFormatException e = assertThrows(KittiFormatException.class,
        () -> KittiBagImporter.run(copy, tmp.resolve("bag"), WriterOptions.MCAP, false));
    assertEquals(copy.resolve("velodyne/000001.bin") + ": missing, but image_2/000001.png exists: the frame would "
        + "have no scan", e.getMessage());

    Path seq = tmp.resolve("seq");
    Files.createDirectories(seq.resolve("velodyne"));
    Files.write(seq.resolve("velodyne/000000.bin"), new byte[32]);
    Files.write(seq.resolve("velodyne/000002.bin"), new byte[32]);
    Files.writeString(seq.resolve("times.txt"), "0.0\n0.1\n0.2\n");
    KittiFormatException gap = assertThrows(KittiFormatException.class,
        () -> KittiBagImporter.run(seq, tmp.resolve("bag2"), WriterOptions.MCAP, false));
    assertTrue(gap.getMessage().startsWith(seq.resolve("velodyne/000001.bin") + ": missing"), gap.getMessage());
  }

  @Test
  void rawTimestampsAreUtcNanoseconds() throws Exception {
    Path f = tmp.resolve("timestamps.txt");
    Files.writeString(f, "2011-09-26 13:02:25.964389445\n2011-09-26 13:02:26.067\n");
    long[] t = KittiLayout.rawStamps(f, 2);
    assertEquals(1317042145_964389445L, t[0]);
    assertEquals(1317042146_067000000L, t[1]);
  }

  private static Map<String, List<BagMessage>> read(Path bag) throws Exception {
    Map<String, List<BagMessage>> out = new HashMap<>();
    try (BagReader r = BagReader.open(bag); MessageCursor c = r.messages()) {
      for (BagMessage m = c.next(); m != null; m = c.next()) out.computeIfAbsent(m.topic(), k -> new ArrayList<>()).add(m);
    }
    return out;
  }
}
