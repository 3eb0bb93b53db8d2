package dev.clip2scene.nodes.transport;

import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * One-way latency of raw CDR samples between two participants in this JVM: the writer stamps
 * {@code System.nanoTime()} into each sample, the reader's consumer thread subtracts it on arrival. Includes
 * serialization, the DDS stack, loopback UDP and the hand-off queue: what a node sees.
 */
public final class LatencyBench {
  /** Figures for one sample size, latencies in milliseconds. */
  public record Result(int bytes, double rateHz, int sent, int received, long lost, double p50Ms, double p99Ms,
      double maxMs, double publishP50Ms) {}

  private final TransportOptions options;

  public LatencyBench(TransportOptions options) {
    this.options = options;
  }

  /** Sends WARMUP + COUNT samples of BYTES at RATE_HZ; the first WARMUP are not measured. */
  public Result run(int bytes, double rateHz, int warmup, int count, Qos qos) throws IOException, InterruptedException {
    if (bytes < 16) throw new IllegalArgumentException("sample size must be >= 16 bytes");
    String topic = "/clip2scene_bench_" + bytes;
    try (DdsParticipant writerSide = new DdsParticipant("bench_writer", options);
        DdsParticipant readerSide = new DdsParticipant("bench_reader", options)) {
      RawSubscriber sub = readerSide.subscriber(topic, "sensor_msgs/msg/PointCloud2", qos, qos.depth());
      RawPublisher pub = writerSide.publisher(topic, "sensor_msgs/msg/PointCloud2", qos);
      long matchDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (sub.matchedWriters() == 0) {
        if (System.nanoTime() > matchDeadline) throw new IOException(topic + ": writer and reader did not match within 20 s");
        Thread.sleep(10);
      }
      Thread.sleep(500); // discovery settles both ways

      double[] latency = new double[count];
      double[] publish = new double[count];
      int[] measured = {0};
      int total = warmup + count;
      Thread consumer = new Thread(() -> {
        try {
          ReceivedSample s;
          while ((s = sub.poll(2, TimeUnit.SECONDS)) != null) {
            long now = System.nanoTime();
            long seq = getLong(s.cdr(), 4);
            if (seq >= warmup && measured[0] < count) latency[measured[0]++] = (now - getLong(s.cdr(), 12)) / 1e6;
            if (seq == total - 1) return;
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "bench-consumer");
      consumer.start();
      byte[] cdr = new byte[bytes];
      cdr[1] = 1;
      long period = (long) (1e9 / rateHz);
      long next = System.nanoTime();
      for (int i = 0; i < total; i++) {
        long sleep = next - System.nanoTime();
        if (sleep > 0) TimeUnit.NANOSECONDS.sleep(sleep);
        next += period;
        putLong(cdr, 4, i);
        long t0 = System.nanoTime();
        putLong(cdr, 12, t0);
        pub.publish(cdr);
        if (i >= warmup) publish[i - warmup] = (System.nanoTime() - t0) / 1e6;
      }
      consumer.join(); // happens-before: the consumer's writes are visible below
      int n = measured[0];
      double[] got = Arrays.copyOf(latency, n);
      Arrays.sort(got);
      Arrays.sort(publish);
      return new Result(bytes, rateHz, count, n, sub.lost(), percentile(got, 50), percentile(got, 99),
          got.length == 0 ? Double.NaN : got[got.length - 1], percentile(publish, 50));
    }
  }

  static double percentile(double[] sorted, double p) {
    if (sorted.length == 0) return Double.NaN;
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  private static void putLong(byte[] b, int at, long v) {
    for (int k = 0; k < 8; k++) b[at + k] = (byte) (v >>> (8 * k));
  }

  private static long getLong(byte[] b, int at) {
    long v = 0;
    for (int k = 7; k >= 0; k--) v = (v << 8) | (b[at + k] & 0xff);
    return v;
  }
}
