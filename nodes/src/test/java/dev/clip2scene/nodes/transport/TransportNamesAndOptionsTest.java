package dev.clip2scene.nodes.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TransportNamesAndOptionsTest {
  @Test
  void rosNamesMapToDdsNames() {
    assertEquals("rt/points", RosNames.ddsTopic("/points"));
    assertEquals("rt/camera/image_raw", RosNames.ddsTopic("/camera/image_raw"));
    assertEquals("sensor_msgs::msg::dds_::PointCloud2_", RosNames.ddsType("sensor_msgs/msg/PointCloud2"));
    assertEquals("tf2_msgs::msg::dds_::TFMessage_", RosNames.ddsType("tf2_msgs/msg/TFMessage"));
    assertThrows(IllegalArgumentException.class, () -> RosNames.ddsTopic("points"));
    assertThrows(IllegalArgumentException.class, () -> RosNames.ddsTopic("/points/"));
    assertThrows(IllegalArgumentException.class, () -> RosNames.ddsType("sensor_msgs/PointCloud2"));
  }

  @Test
  void explicitQosProfiles() {
    assertEquals(new Qos(Qos.Reliability.BEST_EFFORT, Qos.Durability.VOLATILE, 5), Qos.forInput("/points"));
    assertEquals(new Qos(Qos.Reliability.RELIABLE, Qos.Durability.VOLATILE, 100), Qos.forInput("/tf"));
    assertEquals(new Qos(Qos.Reliability.RELIABLE, Qos.Durability.TRANSIENT_LOCAL, 1), Qos.forInput("/tf_static"));
    assertEquals(new Qos(Qos.Reliability.RELIABLE, Qos.Durability.VOLATILE, 10), Qos.outputs());
    assertThrows(IllegalArgumentException.class, () -> Qos.outputs(0));
  }

  @Test
  void environmentSetsDomainAndSharedMemory() {
    TransportOptions o = TransportOptions.fromEnvironment(Map.of("ROS_DOMAIN_ID", "42"));
    assertEquals(42, o.domainId());
    assertTrue(o.sharedMemory());
    assertFalse(o.loopbackOnly());
    assertEquals(4 << 20, o.socketBufferBytes());
    assertEquals(0, TransportOptions.fromEnvironment(Map.of()).domainId());
    assertFalse(TransportOptions.fromEnvironment(Map.of("ROS_DISABLE_SHARED_MEMORY_TRANSPORT", "true")).sharedMemory());
    assertTrue(TransportOptions.fromEnvironment(Map.of("ROS_DISABLE_SHARED_MEMORY_TRANSPORT", "false")).sharedMemory());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TransportOptions.fromEnvironment(Map.of("ROS_DOMAIN_ID", "abc")));
    assertTrue(e.getMessage().contains("ROS_DOMAIN_ID"));
    assertThrows(IllegalArgumentException.class, () -> TransportOptions.loopback(233));
  }

  @Test
  void loopbackProfileWhitelistsOnlyLoopback() throws Exception {
    String xml = DdsParticipant.profile("p", TransportOptions.loopback(160)).marshall("p");
    assertTrue(xml.contains("127.0.0.1"), xml);
    assertTrue(xml.contains("4194304"), "4 MB socket buffers:\n" + xml);
    assertFalse(xml.contains("SHM"), xml);
    assertTrue(xml.contains("<domainId>160</domainId>"), xml);
    String shm = DdsParticipant.profile("p", TransportOptions.fromEnvironment(Map.of("ROS_DOMAIN_ID", "7"))).marshall("p");
    assertTrue(shm.contains("SHM") && !shm.contains("127.0.0.1"), shm);
  }

  @Test
  void latestQueueKeepsTheNewestAndCountsDrops() throws Exception {
    LatestQueue<Integer> q = new LatestQueue<>(2);
    for (int i = 1; i <= 5; i++) q.offer(i);
    assertEquals(3, q.dropped());
    assertEquals(4, q.poll(0, TimeUnit.MILLISECONDS));
    assertEquals(5, q.poll(0, TimeUnit.MILLISECONDS));
    assertNull(q.poll(10, TimeUnit.MILLISECONDS));
  }

  @Test
  void sequenceGapsCountSkippedSamplesPerWriter() {
    SequenceGaps g = new SequenceGaps();
    assertEquals(0, g.record("a", 7));
    assertEquals(0, g.record("a", 8));
    assertEquals(3, g.record("a", 12));
    assertEquals(0, g.record("b", 1));
    assertEquals(0, g.record("a", 1), "a restarted writer is not a gap");
  }

  @Test
  void smallMessageTypesGetSmallPayloadsUnderTheGlobalLimit() {
    TransportOptions o = TransportOptions.loopback(5);
    assertEquals(16 << 20, o.maxSampleBytes("sensor_msgs/msg/PointCloud2"));
    assertEquals(16 << 20, o.maxSampleBytes("sensor_msgs/msg/Image"));
    for (String small : new String[] {"sensor_msgs/msg/CameraInfo", "tf2_msgs/msg/TFMessage", "rcl_interfaces/msg/Log",
        "rcl_interfaces/msg/ParameterEvent", "rosgraph_msgs/msg/Clock", "diagnostic_msgs/msg/DiagnosticArray",
        "clip2scene/msg/LabelMap"}) {
      assertEquals(1 << 20, o.maxSampleBytes(small), small);
      assertEquals(4096, o.withMaxSampleBytes(4096).maxSampleBytes(small), "the global limit still caps " + small);
    }
  }

  @Test
  void aReaderOfASmallTypeTakesSamplesUpToItsOwnLimit() throws Exception {
    TransportOptions opts = TransportOptions.loopback(TestDomains.random());
    try (DdsParticipant a = new DdsParticipant("w", opts); DdsParticipant b = new DdsParticipant("r", opts)) {
      RawSubscriber sub = b.subscriber("/info", "sensor_msgs/msg/CameraInfo", Qos.SENSOR_DATA, 1);
      RawPublisher pub = a.publisher("/info", "sensor_msgs/msg/CameraInfo", Qos.SENSOR_DATA);
      byte[] fits = new byte[TransportOptions.SMALL_SAMPLE_BYTES];
      fits[1] = 1;
      ReceivedSample got = null;
      for (int i = 0; i < 100 && got == null; i++) {
        pub.publish(fits);
        got = sub.poll(100, TimeUnit.MILLISECONDS);
      }
      assertTrue(got != null && got.cdr().length == fits.length, "a sample of exactly the limit arrives");
      assertThrows(OversizedSampleException.class, () -> pub.publish(new byte[TransportOptions.SMALL_SAMPLE_BYTES + 1]));
    }
  }
}
