package dev.clip2scene.nodes.bag.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clip2scene.msgs.MessageTypes;
import dev.clip2scene.msgs.builtin.Time;
import dev.clip2scene.msgs.pointcloud.PointCloud2View;
import dev.clip2scene.msgs.pointcloud.SemanticCloudBuilder;
import dev.clip2scene.msgs.std.Header;
import dev.clip2scene.nodes.bag.BagInfo;
import dev.clip2scene.nodes.bag.BagMessage;
import dev.clip2scene.nodes.bag.BagReader;
import dev.clip2scene.nodes.bag.BagWriter;
import dev.clip2scene.nodes.bag.MessageCursor;
import dev.clip2scene.nodes.bag.MessageDefinition;
import dev.clip2scene.nodes.bag.TopicInfo;
import dev.clip2scene.nodes.bag.WriterOptions;
import dev.clip2scene.nodes.cli.Clip2SceneCommand;
import dev.clip2scene.nodes.params.RosArgs;
import dev.clip2scene.nodes.perception.PerceptionNode;
import dev.clip2scene.nodes.perception.PerceptionSettings;
import dev.clip2scene.nodes.perception.XyziCloud;
import dev.clip2scene.nodes.tf.StampedTransform;
import dev.clip2scene.nodes.tf.TfMessages;
import dev.clip2scene.nodes.transport.DdsParticipant;
import dev.clip2scene.nodes.transport.Qos;
import dev.clip2scene.nodes.transport.TestDomains;
import dev.clip2scene.nodes.transport.TransportOptions;
import dev.clip2scene.model.geometry.Quaternion;
import dev.clip2scene.model.geometry.RigidTransform;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The field test in one JVM: `clip2scene bag play` publishes a bag (clouds + /tf_static) over loopback DDS, the
 * perception node segments every cloud, and the recorder writes its outputs into a new MCAP bag, whose counts,
 * schemas and headers are checked.
 */
class FieldTest {
  static final long T0 = 1_700_000_000_000_000_000L;
  static final int CLOUDS = 20;

  @TempDir Path dir;

  static Path writeInputBag(Path bag, int clouds) throws Exception {
    return writeInputBag(bag, clouds, Qos.SENSOR_DATA);
  }

  /** @param cloudQos the QoS the clouds were recorded with, which bag play offers again */
  static Path writeInputBag(Path bag, int clouds, Qos cloudQos) throws Exception {
    String cloudType = MessageTypes.POINT_CLOUD2.name();
    String tfType = MessageTypes.TF_MESSAGE.name();
    try (BagWriter w = BagWriter.create(bag, WriterOptions.MCAP)) {
      w.addTopic(new TopicInfo("/tf_static", tfType, "cdr", TopicQos.offeredProfiles(Qos.TF_STATIC), "",
          new MessageDefinition("ros2msg", MessageTypes.TF_MESSAGE.schemaText()), 0));
      w.addTopic(new TopicInfo("/points", cloudType, "cdr", TopicQos.offeredProfiles(cloudQos), "",
          new MessageDefinition("ros2msg", MessageTypes.POINT_CLOUD2.schemaText()), 0));
      w.write(new BagMessage("/tf_static", tfType, T0, T0, MessageTypes.TF_MESSAGE.encode(TfMessages.message(List.of(
          new StampedTransform("base_link", "velodyne", T0, RigidTransform.of(0.8, 0, 1.7, Quaternion.IDENTITY))), T0))));
      SplittableRandom r = new SplittableRandom(3);
      for (int i = 0; i < clouds; i++) {
        long t = T0 + i * 100_000_000L;
        float[] p = new float[1500 * 4];
        for (int k = 0; k < p.length; k++) p[k] = (float) (r.nextDouble() * 30 - 15);
        w.write(new BagMessage("/points", cloudType, t, t, MessageTypes.POINT_CLOUD2.encode(
            XyziCloud.of(new Header(Time.ofNanos(t), "velodyne"), p, true))));
      }
    }
    return bag;
  }

  @Test
  void bagPlayIntoTheNodeRecordedBackOut() throws Exception {
    // recorded from a reliable publisher keeping every cloud, so that bag play publishes reliably and no cloud may go
    // missing: a cloud the node's reader missed while it had not yet matched the player is repaired from that history
    Path input = writeInputBag(dir.resolve("drive"), CLOUDS, Qos.outputs(CLOUDS));
    Path output = dir.resolve("drive_semantic");
    int domain = TestDomains.random();
    TransportOptions transport = TransportOptions.loopback(domain);
    PerceptionSettings settings = PerceptionSettings.from(RosArgs.parse("--ros-args",
        "-p", "network_widths:=[4,4,8,8,8,8,8,4,4]", "-p", "network_output_dim:=8", "-p", "target_frame:=base_link",
        "-p", "diagnostics_period_s:=0.5", "-p", "queue_depth:=" + CLOUDS, "-p", "cloud_reliability:=reliable"));
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<Object> recorded = new AtomicReference<>();
    try (PerceptionNode node = PerceptionNode.start(settings, transport);
        DdsParticipant recorderDds = new DdsParticipant("recorder", transport)) {
      BagRecorder recorder = new BagRecorder(List.of(RecordedTopic.parse("/points_semantic"),
          RecordedTopic.parse("/clip2scene/label_map"), RecordedTopic.parse("/diagnostics")), null, 0);
      Thread rec = new Thread(() -> {
        try {
          recorded.set(recorder.record(recorderDds, output, stop::get));
        } catch (Exception e) {
          recorded.set(e);
        }
      });
      rec.start();
      int exit = Clip2SceneCommand.commandLine().execute("bag", "play", input.toString(), "--wait-for-subscribers", "60",
          "--wait-for-all-acked", "60000", "--loopback", "--domain-id", Integer.toString(domain));
      assertEquals(0, exit);
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (node.stats().processed() < CLOUDS && System.nanoTime() < deadline) Thread.sleep(50);
      Thread.sleep(1000); // the last outputs reach the recorder
      stop.set(true);
      rec.join(30_000);
      assertEquals(CLOUDS, node.cloudsReceived(), "clouds received by the node (lost " + node.cloudsLost() + ", processed " + node.stats().processed() + ")");
      assertEquals(CLOUDS, node.stats().processed(), node.stats().lastProblem());
      assertEquals(0, node.stats().tfFailures(), "the bag's /tf_static reached the node");
    }
    assertTrue(recorded.get() instanceof BagRecorder.Result, String.valueOf(recorded.get()));
    BagRecorder.Result result = (BagRecorder.Result) recorded.get();
    assertEquals(CLOUDS, result.recorded().get("/points_semantic"));
    assertEquals(1, result.recorded().get("/clip2scene/label_map"));
    assertTrue(result.recorded().get("/diagnostics") >= 1);
    try (BagReader reader = BagReader.open(output)) {
      BagInfo info = reader.info();
      Map<String, TopicInfo> topics = new HashMap<>();
      info.topics().forEach(t -> topics.put(t.name(), t));
      assertEquals(CLOUDS, topics.get("/points_semantic").messageCount());
      assertEquals(MessageTypes.POINT_CLOUD2.schemaText(), topics.get("/points_semantic").definition().text());
      assertEquals("clip2scene/msg/LabelMap", topics.get("/clip2scene/label_map").type());
      assertTrue(reader.metadata().isPresent(), "metadata.yaml written");
      int clouds = 0;
      try (MessageCursor c = reader.messages(dev.clip2scene.nodes.bag.MessageFilter.ofTopics(java.util.Set.of("/points_semantic")))) {
        for (BagMessage m; (m = c.next()) != null; clouds++) {
          PointCloud2View v = PointCloud2View.decode(m.data());
          assertEquals("velodyne", v.header().frameId());
          assertEquals(1500, v.size());
          assertEquals(SemanticCloudBuilder.FIELDS.size(), v.fields().size());
          long k = (v.header().stamp().toNanos() - T0) / 100_000_000L;
          assertTrue(k >= 0 && k < CLOUDS && v.header().stamp().toNanos() == T0 + k * 100_000_000L);
        }
      }
      assertEquals(CLOUDS, clouds);
      assertTrue(reader.damage().isEmpty(), reader.damage().toString());
    }
  }
}
