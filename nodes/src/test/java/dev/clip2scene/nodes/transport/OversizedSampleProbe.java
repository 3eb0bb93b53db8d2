package dev.clip2scene.nodes.transport;

import java.util.concurrent.TimeUnit;

/**
 * Run in its own JVM by {@link OversizedSampleTest} (a native crash must fail that test, not kill surefire): a
 * writer allowed 1 MiB sends 300 KB samples to a reader declared for 64 KiB, then small ones. Prints what the
 * reader saw and exits 0 only if the oversized samples were dropped and counted and a small one arrived.
 */
public final class OversizedSampleProbe {
  static final int READER_MAX = 64 << 10;
  static final int BIG = 300_000;

  public static void main(String[] args) throws Exception {
    int domain = Integer.parseInt(args[0]);
    TransportOptions base = TransportOptions.loopback(domain);
    try (DdsParticipant writerSide = new DdsParticipant("probe_writer", base.withMaxSampleBytes(1 << 20));
        DdsParticipant readerSide = new DdsParticipant("probe_reader", base.withMaxSampleBytes(READER_MAX))) {
      RawSubscriber sub = readerSide.subscriber("/probe", "std_msgs/msg/String", Qos.outputs(), 5);
      RawPublisher pub = writerSide.publisher("/probe", "std_msgs/msg/String", Qos.outputs());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (sub.matchedWriters() == 0 && System.nanoTime() < deadline) Thread.sleep(20);
      ReceivedSample before = exchange(pub, sub, deadline);
      for (int i = 0; i < 3; i++) pub.publish(cdrString(BIG));
      ReceivedSample after = exchange(pub, sub, deadline);
      System.out.println("matched=" + sub.matchedWriters() + " before=" + length(before) + " after=" + length(after)
          + " lost=" + sub.lost() + " received=" + sub.received());
      System.exit(before != null && after != null && sub.lost() >= 3 ? 0 : 1);
    }
  }

  /** Publishes small samples until one arrives. */
  private static ReceivedSample exchange(RawPublisher pub, RawSubscriber sub, long deadline) throws Exception {
    while (System.nanoTime() < deadline) {
      pub.publish(cdrString(100));
      ReceivedSample s = sub.poll(200, TimeUnit.MILLISECONDS);
      if (s != null) return s;
    }
    return null;
  }

  private static int length(ReceivedSample s) {
    return s == null ? -1 : s.cdr().length;
  }

  /** A std_msgs/String CDR sample whose payload is N 'x' characters. */
  static byte[] cdrString(int n) {
    byte[] b = new byte[4 + 4 + n + 1];
    b[1] = 1;
    int len = n + 1;
    b[4] = (byte) len;
    b[5] = (byte) (len >>> 8);
    b[6] = (byte) (len >>> 16);
    b[7] = (byte) (len >>> 24);
    java.util.Arrays.fill(b, 8, 8 + n, (byte) 'x');
    return b;
  }
}
