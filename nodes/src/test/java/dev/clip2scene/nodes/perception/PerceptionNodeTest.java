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
import dev.clip2scene.nodes.perception.pipeline.Classifier;
import dev.clip2scene.nodes.transport.Qos;
import dev.clip2scene.nodes.transport.RawSubscriber;
import dev.clip2scene.nodes.transport.ReceivedSample;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The node end to end over loopback DDS with a tiny random network: outputs, LabelMap, diagnostics, vocabulary,
 * calibration, and the faults that only DDS brings (oversized samples, hostile clouds on the wire, a dead inference
 * thread). The pipeline's own faults are tested without DDS (PerceptionPipelineTest, CamerasTest).
 */
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

  @Test
  void hostileCloudsBetweenGoodOnesAreReportedAndTheGoodOnesLabelled() throws Exception {
    try (NodeHarness h = new NodeHarness("queue_depth:=10")) {
      // no fields, point_step 0, empty data, a huge width: 57 bytes that once killed the inference thread
      byte[] bomb = MessageTypes.POINT_CLOUD2.encode(new dev.clip2scene.msgs.sensor.PointCloud2(NodeHarness.header(T0 + 5), 1,
          Integer.MAX_VALUE, List.of(), false, 0, 0, new byte[0], false));
      for (int i = 0; i < 3; i++) {
        long stamp = T0 + (i + 1) * 100_000_000L;
        h.points.publish(bomb);
        h.publishCloud(stamp, NodeHarness.randomPoints(300, 30 + i), true);
        assertEquals(stamp, h.requireSemantic().header().stamp().toNanos());
      }
      NodeHarness.await(() -> h.node.stats().badClouds() + h.node.stats().inferenceErrors() >= 1, 20, "the hostile cloud was not counted");
      DiagnosticStatus st = h.awaitStatus("pipeline", s -> value(s, "last_problem").contains("1700000000.000000005 s"));
      assertTrue(st.level() == DiagnosticStatus.WARN || st.level() == DiagnosticStatus.OK, st.toString());
      assertTrue(h.node.failure().isEmpty());
    }
  }

  @Test
  void anInferenceThreadThatDiesAnywayTurnsDiagnosticsErrorAndEndsTheNode() throws Exception {
    try (NodeHarness h = new NodeHarness()) {
      h.publishCloud(T0, NodeHarness.randomPoints(100, 40), true);
      h.requireSemantic();
      h.node.beforeCloud = smp -> {
        throw new InternalError("simulated fault of the JVM");
      };
      h.publishCloud(T0 + 100_000_000L, NodeHarness.randomPoints(100, 41), true);
      assertTrue(h.node.awaitTermination(20, TimeUnit.SECONDS), "the node did not report the dead thread");
      assertTrue(h.node.failure().orElseThrow() instanceof InternalError);
      DiagnosticStatus st = h.awaitStatus("pipeline", s -> s.level() == DiagnosticStatus.ERROR);
      assertTrue(st.message().contains("inference thread died"), st.message());
    }
  }

  @Test
  void theRosFacesParametersAreTheNodesAndLiveOnesReachThePipeline() throws Exception {
    PerceptionSettings s = PerceptionSettings.from(dev.clip2scene.nodes.params.RosArgs.parse("--ros-args", "-p",
        "network_widths:=[4,4,8,8,8,8,8,4,4]", "-p", "network_output_dim:=8", "-p", "loopback_only:=true", "-p",
        "transport:=" + dev.clip2scene.nodes.ros.TestTransports.kind(), "-r", "__node:=seg"));
    try (PerceptionNode node = PerceptionNode.start(s, dev.clip2scene.nodes.transport.TransportOptions.loopback(
        dev.clip2scene.nodes.transport.TestDomains.random()), true)) {
      assertTrue(node.ros() != null && node.ros().parameters() == node.parameters(), "one set of parameters");
      assertEquals("seg", node.ros().name().name());
      assertTrue(node.parameters().values().containsKey("use_sim_time"));
      var r = node.ros().parameters().set(java.util.Map.of("overlay_max_rate_hz", dev.clip2scene.nodes.params.ParameterValue.of(7.5)), "test");
      assertTrue(r.get(0).successful(), r.get(0).reason());
      assertEquals(7.5, node.pipeline().settings().overlayMaxRateHz());
      r = node.ros().parameters().set(java.util.Map.of("queue_depth", dev.clip2scene.nodes.params.ParameterValue.of(4L)), "test");
      assertFalse(r.get(0).successful());
    }
  }
}
