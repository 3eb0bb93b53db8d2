package dev.clip2scene.nodes.perception;

import static dev.clip2scene.nodes.perception.NodeHarness.T0;
import static dev.clip2scene.nodes.perception.NodeHarness.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clip2scene.msgs.MessageTypes;
import dev.clip2scene.msgs.builtin.Time;
import dev.clip2scene.msgs.clip2scene.LabelMap;
import dev.clip2scene.msgs.clip2scene.VocabularyUpdate;
import dev.clip2scene.msgs.diagnostic.DiagnosticStatus;
import dev.clip2scene.msgs.pointcloud.PointCloud2View;
import dev.clip2scene.msgs.pointcloud.PointFieldReader;
import dev.clip2scene.msgs.pointcloud.SemanticCloudBuilder;
import dev.clip2scene.msgs.sensor.PointField;
import dev.clip2scene.msgs.std.Header;
import dev.clip2scene.nodes.transport.Qos;
import dev.clip2scene.nodes.transport.RawSubscriber;
import dev.clip2scene.nodes.transport.ReceivedSample;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The node end to end over loopback DDS with a tiny random network: outputs, and the faults it must survive. */
class PerceptionNodeTest {

  @Test
  void semanticCloudKeepsTheHeaderAndDropsNanPoints() throws Exception {
    try (NodeHarness h = new NodeHarness()) {
      RawSubscriber labelMaps = h.peer.subscriber("/clip2scene/label_map", "clip2scene/msg/LabelMap",
          new Qos(Qos.Reliability.RELIABLE, Qos.Durability.TRANSIENT_LOCAL, 1), 4);
      float[] p = NodeHarness.randomPoints(2000, 1);
      for (int i = 0; i < 2000; i += 100) p[4 * i + (i % 3)] = Float.NaN;
      p[4 * 7 + 2] = Float.POSITIVE_INFINITY;
      h.publishCloud(T0, p, true);
      PointCloud2View out = h.requireSemantic();
      assertEquals(new Header(Time.ofNanos(T0), NodeHarness.FRAME), out.header());
      assertEquals(2000 - 21, out.size());
      assertEquals(SemanticCloudBuilder.FIELDS.stream().map(PointField::name).toList(),
          out.fields().stream().map(PointFieldReader::name).toList());
      // points come out in input order, intensity kept, labels within the vocabulary, scores probabilities
      float[] xyz = out.xyz();
      assertEquals(p[4], xyz[0]); // point 0 was NaN, so the first output is point 1
      assertEquals(p[4 + 3], out.require("intensity").getFloat(0));
      int classes = h.node.classifier().embeddings().classes();
      for (int i = 0; i < out.size(); i++) {
        int label = (int) out.require("label").getDouble(i);
        assertTrue(label < classes || label == Classifier.UNLABELLED, "label " + label);
        float score = out.require("score").getFloat(i);
        assertTrue(score >= 0 && score <= 1, "score " + score);
      }
      assertEquals(21, h.node.stats().nonFinitePoints());
      DiagnosticStatus st = h.awaitStatus("pipeline", s -> value(s, "nan_points_dropped").equals("21")
          && value(s, "clouds_processed").equals("1"));
      assertTrue(value(st, "device").startsWith("cpu-engine ("), value(st, "device"));
      ReceivedSample lm = labelMaps.poll(10, TimeUnit.SECONDS);
      assertTrue(lm != null, "no LabelMap (transient local) for a late subscriber");
      LabelMap map = MessageTypes.LABEL_MAP.decode(lm.cdr());
      assertEquals(classes + 1, map.classes().size());
      assertEquals("car", map.classes().get(0).name());
      assertEquals(Classifier.UNLABELLED, map.classes().get(classes).id());
    }
  }

  @Test
  void cloudWithoutIntensityGetsZerosAndIsReported() throws Exception {
    try (NodeHarness h = new NodeHarness()) {
      h.publishCloud(T0, NodeHarness.randomPoints(500, 2), false);
      PointCloud2View out = h.requireSemantic();
      assertEquals(500, out.size());
      for (int i = 0; i < 500; i++) assertEquals(0f, out.require("intensity").getFloat(i));
      DiagnosticStatus st = h.awaitStatus("pipeline", s -> s.message().contains("without intensity"));
      assertEquals(DiagnosticStatus.WARN, st.level());
      assertEquals("1", value(st, "clouds_without_intensity"));
      h.publishCloud(T0 + 100_000_000L, NodeHarness.randomPoints(500, 3), true);
      h.requireSemantic();
    }
  }

  @Test
  void missingTransformSkipsTheCloudAndALateOneIsWaitedFor() throws Exception {
    try (NodeHarness h = new NodeHarness("target_frame:=base_link", "tf_wait_s:=0.5")) {
      var tf = h.peer.publisher("/tf", "tf2_msgs/msg/TFMessage", Qos.TF);
      NodeHarness.await(() -> tf.matchedReaders() > 0, 20, "the /tf writer did not match the node"); // reliable from here on
      h.publishCloud(T0, NodeHarness.randomPoints(300, 4), true);
      assertTrue(h.nextSemantic(2).isEmpty(), "a cloud without its transform was published");
      NodeHarness.await(() -> h.node.stats().tfFailures() == 1, 5, "tf failure not counted");
      DiagnosticStatus st = h.awaitStatus("tf", s -> s.level() == DiagnosticStatus.WARN);
      assertEquals("1", value(st, "tf_failures"));
      // late: the cloud arrives first, its transforms 150 ms later (before and after its stamp)
      long stamp = T0 + 1_000_000_000L;
      h.publishCloud(stamp, NodeHarness.randomPoints(300, 5), true);
      Thread.sleep(150);
      tf.publish(MessageTypes.TF_MESSAGE.encode(tfAt(stamp - 50_000_000L)));
      tf.publish(MessageTypes.TF_MESSAGE.encode(tfAt(stamp + 50_000_000L)));
      PointCloud2View out = h.requireSemantic();
      assertEquals(stamp, out.header().stamp().toNanos());
      assertEquals(1, h.node.stats().tfFailures());
    }
  }

  static dev.clip2scene.msgs.tf2.TFMessage tfAt(long stampNs) {
    return dev.clip2scene.nodes.tf.TfMessages.message(List.of(new dev.clip2scene.nodes.tf.StampedTransform("base_link",
        NodeHarness.FRAME, stampNs, dev.clip2scene.model.geometry.RigidTransform.of(1, 0, 1.7,
            dev.clip2scene.model.geometry.Quaternion.IDENTITY))), stampNs);
  }

  @Test
  void timeJumpingBackwardsClearsTheBufferAndProcessingGoesOn() throws Exception {
    try (NodeHarness h = new NodeHarness()) {
      long t = T0 + 100_000_000_000L;
      h.publishCloud(t, NodeHarness.randomPoints(300, 6), true);
      h.requireSemantic();
      h.publishCloud(t + 100_000_000L, NodeHarness.randomPoints(300, 7), true);
      h.requireSemantic();
      h.publishCloud(T0, NodeHarness.randomPoints(300, 8), true); // the bag looped
      assertEquals(T0, h.requireSemantic().header().stamp().toNanos());
      assertEquals(1, h.node.transforms().timeJumps());
      DiagnosticStatus st = h.awaitStatus("tf", s -> value(s, "time_jumps").equals("1"));
      assertEquals(DiagnosticStatus.WARN, st.level());
      h.publishCloud(T0 + 100_000_000L, NodeHarness.randomPoints(300, 9), true);
      h.requireSemantic();
      assertEquals(1, h.node.transforms().timeJumps());
    }
  }

  @Test
  void aCameraThatStopsIsReportedAndCloudsKeepFlowing() throws Exception {
    try (NodeHarness h = new NodeHarness("camera_topics:=[/cam/image_raw]", "pairing_tolerance_s:=0.05")) {
      var images = h.peer.publisher("/cam/image_raw", "sensor_msgs/msg/Image", Qos.SENSOR_DATA);
      CameraStream cam = h.node.cameras().get(0);
      long wait = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (cam.images() == 0 && System.nanoTime() < wait) { // until the node's reader has discovered the writer
        images.publish(MessageTypes.IMAGE.encode(image(T0 - 10_000_000_000L)));
        Thread.sleep(100);
      }
      for (int i = 0; i < 3; i++) {
        long stamp = T0 + i * 100_000_000L;
        images.publish(MessageTypes.IMAGE.encode(image(stamp + 10_000_000L)));
        Thread.sleep(50);
        h.publishCloud(stamp, NodeHarness.randomPoints(200, 10 + i), true);
        h.requireSemantic();
      }
      assertEquals(3, cam.paired());
      assertEquals("ok", h.awaitStatus("camera /cam/image_raw", s -> s.level() == DiagnosticStatus.OK).message());
      // the camera stops; clouds go on and no longer pair
      for (int i = 3; i < 6; i++) {
        h.publishCloud(T0 + i * 100_000_000L, NodeHarness.randomPoints(200, 10 + i), true);
        h.requireSemantic();
      }
      assertEquals(3, cam.unpaired());
      DiagnosticStatus st = h.awaitStatus("camera /cam/image_raw", s -> s.message().startsWith("stream stopped"));
      assertEquals(DiagnosticStatus.WARN, st.level());
      assertEquals("3", value(st, "clouds_unpaired"));
    }
  }

  @Test
  void fusionCountsThePointsThatLandInAPairedImage() throws Exception {
    try (NodeHarness h = new NodeHarness("camera_topics:=[/cam/image_raw]", "fusion:=true")) {
      var images = h.peer.publisher("/cam/image_raw", "sensor_msgs/msg/Image", Qos.SENSOR_DATA);
      var infos = h.peer.publisher("/cam/camera_info", "sensor_msgs/msg/CameraInfo", Qos.SENSOR_DATA);
      var tfStatic = h.peer.publisher("/tf_static", "tf2_msgs/msg/TFMessage", Qos.TF_STATIC);
      // the optical frame "cam" looks along the LiDAR's +x (z forward, x right, y down)
      tfStatic.publish(MessageTypes.TF_MESSAGE.encode(dev.clip2scene.nodes.tf.TfMessages.message(List.of(
          new dev.clip2scene.nodes.tf.StampedTransform(NodeHarness.FRAME, "cam", 0, dev.clip2scene.model.geometry.RigidTransform.of(
              0, 0, 0, new dev.clip2scene.model.geometry.Quaternion(-0.5, 0.5, -0.5, 0.5)))), T0)));
      dev.clip2scene.model.geometry.CameraCalibration k = dev.clip2scene.model.geometry.CameraCalibration.pinhole(640, 480, 500, 500, 320, 240);
      CameraStream cam = h.node.cameras().get(0);
      long wait = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while ((cam.images() == 0 || cam.calibration().isEmpty()) && System.nanoTime() < wait) {
        infos.publish(MessageTypes.CAMERA_INFO.encode(new dev.clip2scene.msgs.sensor.CameraInfo(new Header(Time.ofNanos(T0), "cam"),
            480, 640, k.distortionModel(), k.d(), k.k(), k.r(), k.p(), 0, 0,
            new dev.clip2scene.msgs.sensor.RegionOfInterest(0, 0, 0, 0, false))));
        images.publish(MessageTypes.IMAGE.encode(image(T0)));
        Thread.sleep(100);
      }
      NodeHarness.await(() -> h.node.transforms().canTransform("cam", NodeHarness.FRAME, 0), 10, "no /tf_static");
      float[] p = NodeHarness.randomPoints(2000, 18);
      int expected = 0;
      for (int i = 0; i < 2000; i++) {
        double x = p[4 * i], y = p[4 * i + 1], z = p[4 * i + 2];
        double u = 320 - 500 * y / x, v = 240 - 500 * z / x; // optical x = -y, y = -z, z = x
        if (x > 1 && u >= 0 && u < 640 && v >= 0 && v < 480) expected++;
      }
      h.publishCloud(T0, p, true);
      h.requireSemantic();
      assertEquals(1, cam.paired());
      assertTrue(expected > 100, "test geometry puts " + expected + " points in view");
      assertTrue(Math.abs(cam.pointsInView() - expected) <= 2, cam.pointsInView() + " points in view, expected " + expected);
      h.awaitStatus("camera /cam/image_raw", s -> value(s, "points_in_view").equals(Long.toString(cam.pointsInView())));
    }
  }

  static dev.clip2scene.msgs.sensor.Image image(long stampNs) {
    return new dev.clip2scene.msgs.sensor.Image(new Header(Time.ofNanos(stampNs), "cam"), 2, 2, "rgb8", 0, 6, new byte[12]);
  }

  @Test
  void oversizedSampleIsDroppedAndTheNextCloudIsProcessed() throws Exception {
    // the node accepts 64 KB samples; the peer sends a 16 KB cloud, a 160 KB one, then a 16 KB one
    try (NodeHarness h = new NodeHarness("max_sample_bytes:=65536")) {
      h.publishCloud(T0 - 100_000_000L, NodeHarness.randomPoints(1000, 10), true);
      h.requireSemantic();
      h.publishCloud(T0, NodeHarness.randomPoints(10_000, 11), true);
      assertTrue(h.nextSemantic(2).isEmpty());
      h.publishCloud(T0 + 100_000_000L, NodeHarness.randomPoints(1000, 12), true);
      PointCloud2View out = h.requireSemantic();
      assertEquals(T0 + 100_000_000L, out.header().stamp().toNanos());
      assertEquals(1000, out.size());
      assertEquals(1, h.node.cloudsLost());
      h.awaitStatus("pipeline", s -> value(s, "samples_lost").equals("1") && value(s, "clouds_processed").equals("2"));
    }
  }

  @Test
  void undecodableCloudCostsOnlyItself() throws Exception {
    try (NodeHarness h = new NodeHarness()) {
      byte[] good = MessageTypes.POINT_CLOUD2.encode(XyziCloud.of(NodeHarness.header(T0), NodeHarness.randomPoints(100, 13), true));
      byte[] bad = java.util.Arrays.copyOf(good, good.length - 100); // data shorter than declared
      // the keep-latest input queue may replace a cloud before it is decoded: wait until the bad one was taken
      long deadline = System.nanoTime() + 20_000_000_000L;
      while (h.node.stats().badClouds() == 0 && System.nanoTime() < deadline) {
        h.points.publish(bad);
        Thread.sleep(200);
      }
      Thread.sleep(1000); // a bad cloud still in flight is counted before the snapshot
      long bad0 = h.node.stats().badClouds();
      assertTrue(bad0 >= 1, "the undecodable cloud never reached the node");
      h.publishCloud(T0 + 1, NodeHarness.randomPoints(100, 14), true);
      assertEquals(T0 + 1, h.requireSemantic().header().stamp().toNanos());
      assertEquals(bad0, h.node.stats().badClouds(), "the good cloud is not counted as bad");
      h.awaitStatus("pipeline", s -> Long.parseLong(value(s, "clouds_undecodable")) == bad0);
    }
  }

  @Test
  void vocabularyUpdateWithoutClipWeightsIsRefusedClearly() throws Exception {
    try (NodeHarness h = new NodeHarness()) {
      var vocab = h.peer.publisher("/clip2scene/vocabulary", "clip2scene/msg/VocabularyUpdate", Qos.outputs());
      NodeHarness.await(() -> vocab.matchedReaders() > 0, 20, "the vocabulary writer did not match the node");
      vocab.publish(MessageTypes.VOCABULARY_UPDATE.encode(new VocabularyUpdate(NodeHarness.header(T0), List.of("road", "tree"), List.of())));
      NodeHarness.await(() -> h.node.stats().vocabularyErrors() == 1, 10, "vocabulary update not refused");
      assertTrue(h.node.stats().lastProblem().contains("no CLIP weights"), h.node.stats().lastProblem());
      assertEquals(19, h.node.classifier().embeddings().classes());
      h.publishCloud(T0, NodeHarness.randomPoints(100, 15), true);
      h.requireSemantic();
    }
  }

  @Test
  void vocabularyUpdateIsReEmbeddedWithClipAndANewLabelMapFollows() throws Exception {
    String weights = dev.clip2scene.testkit.Fixtures.sharedData("clip/tiny-vit/tiny-clip-vit.safetensors").toString();
    String bpe = dev.clip2scene.testkit.Fixtures.sharedData("clip/bpe_simple_vocab_16e6.txt.gz").toString();
    // the tiny CLIP embeds into 32 dims: the network's output matches it
    try (NodeHarness h = new NodeHarness("network_output_dim:=32", "clip_weights:=" + weights, "clip_tokenizer:=" + bpe)) {
      RawSubscriber labelMaps = h.peer.subscriber("/clip2scene/label_map", "clip2scene/msg/LabelMap",
          new Qos(Qos.Reliability.RELIABLE, Qos.Durability.TRANSIENT_LOCAL, 1), 4);
      assertEquals(20, MessageTypes.LABEL_MAP.decode(labelMaps.poll(10, TimeUnit.SECONDS).cdr()).classes().size());
      var vocab = h.peer.publisher("/clip2scene/vocabulary", "clip2scene/msg/VocabularyUpdate", Qos.outputs());
      NodeHarness.await(() -> vocab.matchedReaders() > 0, 20, "the vocabulary writer did not match the node");
      vocab.publish(MessageTypes.VOCABULARY_UPDATE.encode(new VocabularyUpdate(NodeHarness.header(T0),
          List.of("road", "tree", "person"), List.of("a photo of a {}."))));
      ReceivedSample next = labelMaps.poll(30, TimeUnit.SECONDS);
      assertTrue(next != null, "no new LabelMap after the update (" + h.node.stats().lastProblem() + ")");
      LabelMap map = MessageTypes.LABEL_MAP.decode(next.cdr());
      assertEquals(List.of("road", "tree", "person", "unlabelled"), map.classes().stream().map(c -> c.name()).toList());
      assertEquals(1, h.node.stats().vocabularyUpdates());
      assertEquals(3, h.node.classifier().embeddings().classes());
      h.publishCloud(T0, NodeHarness.randomPoints(300, 17), true);
      PointCloud2View out = h.requireSemantic();
      for (int i = 0; i < out.size(); i++) {
        int label = (int) out.require("label").getDouble(i);
        assertTrue(label < 3 || label == Classifier.UNLABELLED, "label " + label);
      }
    }
  }

  @Test
  void calibrationIsPublishedOnTfStaticWhenTheGraphHasNone() throws Exception {
    String kitti = dev.clip2scene.testkit.Fixtures.root().resolve("calibration/kitti").toString();
    try (NodeHarness h = new NodeHarness("calibration:=" + kitti, "calibration_wait_s:=0.5", "target_frame:=base_link")) {
      RawSubscriber tfStatic = h.peer.subscriber("/tf_static", "tf2_msgs/msg/TFMessage", Qos.TF_STATIC, 4);
      ReceivedSample s = tfStatic.poll(10, TimeUnit.SECONDS);
      assertTrue(s != null, "no /tf_static from the node");
      assertEquals(3, MessageTypes.TF_MESSAGE.decode(s.cdr()).transforms().size());
      assertTrue(h.node.transforms().canTransform("image_2", "base_link", 0));
      h.publishCloud(T0, NodeHarness.randomPoints(100, 16), true);
      h.requireSemantic();
      assertFalse(h.node.stats().tfFailures() > 0);
    }
  }
}
