package dev.clip2scene.nodes.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Two participants on loopback and a test domain exchange raw CDR. */
class RawTransportTest {
  private static final String TYPE = "std_msgs/msg/String";

  @Test
  void largeBestEffortSampleArrivesByteForByte() throws Exception {
    exchangeLargeSample(TransportOptions.loopback(TestDomains.random()));
  }

  @Test
  void sharedMemoryTransportCarriesLargeSamples() throws Exception {
    exchangeLargeSample(TransportOptions.loopback(TestDomains.random()).withSharedMemory(true));
  }

  private static void exchangeLargeSample(TransportOptions opts) throws Exception {
    try (DdsParticipant a = new DdsParticipant("test_writer", opts); DdsParticipant b = new DdsParticipant("test_reader", opts)) {
      RawSubscriber sub = b.subscriber("/points_test", "sensor_msgs/msg/PointCloud2", Qos.SENSOR_DATA, 5);
      RawPublisher pub = a.publisher("/points_test", "sensor_msgs/msg/PointCloud2", Qos.SENSOR_DATA);
      byte[] cdr = new byte[560_000];
      cdr[1] = 1;
      for (int i = 4; i < cdr.length; i++) cdr[i] = (byte) (i * 31);
      ReceivedSample got = null;
      for (int i = 0; i < 100 && got == null; i++) {
        pub.publish(cdr);
        got = sub.poll(100, TimeUnit.MILLISECONDS);
      }
      assertNotNull(got, "no sample within 10 s");
      assertEquals("/points_test", got.topic());
      assertArrayEquals(cdr, got.cdr());
      assertTrue(got.receiveTimeNanos() > 0);
    }
  }

  @Test
  void tfStaticReachesALateJoiner() throws Exception {
    TransportOptions opts = TransportOptions.loopback(TestDomains.random());
    try (DdsParticipant a = new DdsParticipant("static_writer", opts)) {
      RawPublisher pub = a.publisher("/tf_static", "tf2_msgs/msg/TFMessage", Qos.TF_STATIC);
      byte[] cdr = {0, 1, 0, 0, 0, 0, 0, 0};
      pub.publish(cdr);
      try (DdsParticipant b = new DdsParticipant("late_reader", opts)) {
        RawSubscriber sub = b.subscriber("/tf_static", "tf2_msgs/msg/TFMessage", Qos.TF_STATIC, 1);
        ReceivedSample got = sub.poll(15, TimeUnit.SECONDS);
        assertNotNull(got, "transient local sample not delivered to a late joiner");
        assertArrayEquals(cdr, got.cdr());
      }
    }
  }

  @Test
  void writerRefusesASampleAboveItsMaximum() throws Exception {
    TransportOptions opts = TransportOptions.loopback(TestDomains.random()).withMaxSampleBytes(1024);
    try (DdsParticipant a = new DdsParticipant("small_writer", opts)) {
      RawPublisher pub = a.publisher("/small", TYPE, Qos.outputs());
      OversizedSampleException e = assertThrows(OversizedSampleException.class, () -> pub.publish(new byte[2048]));
      assertTrue(e.getMessage().contains("/small") && e.getMessage().contains("2048"), e.getMessage());
    }
  }

  @Test
  void closingAReaderWhileSamplesArriveDoesNotHang() throws Exception {
    TransportOptions opts = TransportOptions.loopback(TestDomains.random());
    DdsParticipant a = new DdsParticipant("flood_writer", opts);
    DdsParticipant b = new DdsParticipant("closing_reader", opts);
    RawPublisher pub = a.publisher("/flood", TYPE, Qos.SENSOR_DATA);
    java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
    Thread writer = new Thread(() -> {
      byte[] cdr = {0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0};
      try {
        while (!stop.get()) pub.publish(cdr);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }, "flood");
    int[] cycles = {0};
    Throwable[] failure = {null};
    Thread closer = new Thread(() -> {
      try {
        for (; cycles[0] < 40; cycles[0]++) {
          RawSubscriber sub = b.subscriber("/flood", TYPE, Qos.SENSOR_DATA, 5);
          assertNotNull(sub.poll(60, TimeUnit.SECONDS), "no sample in cycle " + cycles[0]);
          sub.close(); // while the listener is busy taking samples
        }
      } catch (Throwable e) {
        failure[0] = e;
      }
    }, "closer");
    closer.setDaemon(true);
    writer.start();
    closer.start();
    closer.join(TimeUnit.MINUTES.toMillis(5));
    stop.set(true);
    writer.join(10_000);
    if (closer.isAlive()) { // the participants cannot be closed either: leave them to the forked JVM's exit
      StringBuilder stack = new StringBuilder();
      for (StackTraceElement e : closer.getStackTrace()) stack.append("\n  at ").append(e);
      throw new AssertionError("closing a reader hung in cycle " + cycles[0] + ":" + stack);
    }
    b.close();
    a.close();
    if (failure[0] != null) throw new AssertionError(failure[0]);
    assertEquals(40, cycles[0]);
  }

  @Test
  void aClosedParticipantGivesBackTheDirectMemoryOfItsEndpoints() throws Exception {
    long before = directMemoryAfterGc(Long.MAX_VALUE);
    try (DdsParticipant p = new DdsParticipant("short_lived", TransportOptions.loopback(TestDomains.random()))) {
      for (int i = 0; i < 8; i++) {
        p.subscriber("/r" + i, TYPE, Qos.SENSOR_DATA, 1);
        p.publisher("/w" + i, TYPE, Qos.SENSOR_DATA).close();
      }
    }
    // 16 endpoints hold 16 MiB of payload buffer each; a leak keeps all of them
    long after = directMemoryAfterGc(before + (32L << 20));
    assertTrue(after <= before + (32L << 20), "direct memory " + (before >> 20) + " MiB before, " + (after >> 20) + " MiB after");
  }

  /** Direct buffer memory in use once garbage collection has run, waiting up to 30 s for it to fall to TARGET. */
  private static long directMemoryAfterGc(long target) throws InterruptedException {
    var pool = java.lang.management.ManagementFactory.getPlatformMXBeans(java.lang.management.BufferPoolMXBean.class).stream()
        .filter(b -> b.getName().equals("direct")).findFirst().orElseThrow();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    long used;
    do {
      System.gc();
      Thread.sleep(100); // buffers are freed by the cleaner thread after the collection
      used = pool.getMemoryUsed();
    } while (used > target && System.nanoTime() < deadline);
    return used;
  }
}
