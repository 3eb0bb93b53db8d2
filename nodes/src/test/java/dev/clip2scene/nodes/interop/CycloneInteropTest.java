package dev.clip2scene.nodes.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clip2scene.msgs.MessageTypes;
import dev.clip2scene.msgs.pointcloud.PointCloud2View;
import dev.clip2scene.msgs.pointcloud.PointFieldReader;
import dev.clip2scene.msgs.pointcloud.SemanticCloudBuilder;
import dev.clip2scene.msgs.sensor.PointCloud2;
import dev.clip2scene.msgs.sensor.PointField;
import dev.clip2scene.msgs.tf2.TFMessage;
import dev.clip2scene.nodes.transport.DdsParticipant;
import dev.clip2scene.nodes.transport.Qos;
import dev.clip2scene.nodes.transport.RawPublisher;
import dev.clip2scene.nodes.transport.RawSubscriber;
import dev.clip2scene.nodes.transport.ReceivedSample;
import dev.clip2scene.nodes.transport.TestDomains;
import dev.clip2scene.nodes.transport.TransportOptions;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The transport against an independent DDS (Cyclone, from C): we receive its PointCloud2 and /tf_static, publish
 * a cloud with label/score/rgb added by a fixed per-point rule (a transport test, not the perception node), and
 * the C peer checks header, point count and fields. Loopback only, test domain.
 */
class CycloneInteropTest {
  private static final int POINTS = 20_000;

  static String expectedFields() {
    return SemanticCloudBuilder.FIELDS.stream()
        .map(f -> f.name() + ":" + f.offset() + ":" + f.datatype())
        .collect(Collectors.joining(","));
  }

  @Test
  void cycloneCloudAndTfStaticInSemanticCloudOut() throws Exception {
    Relay r = relay(cdr -> MessageTypes.POINT_CLOUD2.encode(label(PointCloud2View.decode(cdr)), ByteOrder.LITTLE_ENDIAN));
    assertEquals(0, r.peer().exitCode(), "Cyclone peer (" + r.replies() + " replies sent):\n" + r.peer().output());
    assertTrue(r.peer().output().contains("received /points_semantic"), r.peer().output());
    assertNotNull(r.tfStatic(), "no /tf_static from the Cyclone peer");
    TFMessage msg = MessageTypes.TF_MESSAGE.decode(r.tfStatic().cdr());
    assertEquals(1, msg.transforms().size());
    assertEquals(CycloneInteropPeer.PARENT_FRAME, msg.transforms().get(0).header().frameId());
    assertEquals(CycloneInteropPeer.FRAME, msg.transforms().get(0).childFrameId());
  }

  @Test
  void peerRejectsACloudWithoutTheSemanticFields() throws Exception {
    Relay r = relay(cdr -> cdr); // echo: x, y, z, intensity only
    assertEquals(1, r.peer().exitCode(), r.peer().output());
    assertTrue(r.peer().output().contains("CHECK FAILED: 4 fields, expected 7"), r.peer().output());
  }

  private record Relay(CycloneInteropPeer.Result peer, int replies, ReceivedSample tfStatic) {}

  /** Runs the peer against a participant that answers each /points sample with REPLY on /points_semantic. */
  private static Relay relay(UnaryOperator<byte[]> reply) throws Exception {
    CycloneInteropPeer.build();
    int domain = TestDomains.random();
    try (DdsParticipant node = new DdsParticipant("interop_test", TransportOptions.loopback(domain))) {
      RawSubscriber points = node.subscriber("/points", "sensor_msgs/msg/PointCloud2", Qos.SENSOR_DATA, 2);
      RawSubscriber tfStatic = node.subscriber("/tf_static", "tf2_msgs/msg/TFMessage", Qos.TF_STATIC, 1);
      RawPublisher semantic = node.publisher("/points_semantic", "sensor_msgs/msg/PointCloud2", Qos.outputs());
      try (CycloneInteropPeer peer = CycloneInteropPeer.start(domain, Duration.ofSeconds(30), POINTS, expectedFields())) {
        int replies = 0;
        while (peer.isAlive()) {
          ReceivedSample s = points.poll(200, TimeUnit.MILLISECONDS);
          if (s == null) continue;
          semantic.publish(reply.apply(s.cdr()));
          replies++;
        }
        return new Relay(peer.await(Duration.ofSeconds(5)), replies, tfStatic.poll(5, TimeUnit.SECONDS));
      }
    }
  }

  /** The stand-in for inference: label 1 above z = 0, else 0; score 0.5; rgb by label. Header kept. */
  static PointCloud2 label(PointCloud2View in) {
    assertEquals(POINTS, in.size());
    assertEquals(CycloneInteropPeer.FRAME, in.header().frameId());
    float[] xyz = in.xyz();
    PointFieldReader intensity = in.intensity().orElseThrow();
    SemanticCloudBuilder out = new SemanticCloudBuilder(in.size());
    for (int i = 0; i < in.size(); i++) {
      int label = xyz[3 * i + 2] > 0 ? 1 : 0;
      out.add(xyz[3 * i], xyz[3 * i + 1], xyz[3 * i + 2], intensity.getFloat(i), label, 0.5f, label == 1 ? 0x00ff00 : 0x808080);
    }
    return out.build(in.header());
  }

  @Test
  void fieldSpecListsTheSemanticLayout() {
    assertTrue(expectedFields().startsWith("x:0:" + PointField.FLOAT32 + ",y:4:"), expectedFields());
  }
}
