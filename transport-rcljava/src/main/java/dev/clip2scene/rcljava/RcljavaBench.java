package dev.clip2scene.rcljava;

import dev.clip2scene.msgs.MessageTypes;
import dev.clip2scene.msgs.builtin.Time;
import dev.clip2scene.msgs.cdr.CdrReader;
import dev.clip2scene.msgs.rosidljava.RosidlJavaCodec;
import dev.clip2scene.msgs.std.Header;
import dev.clip2scene.nodes.perception.XyziCloud;
import dev.clip2scene.nodes.ros.DdsTransport;
import dev.clip2scene.nodes.ros.NodeTransport;
import dev.clip2scene.nodes.ros.RosNodeName;
import dev.clip2scene.nodes.transport.Qos;
import dev.clip2scene.nodes.transport.RawPublisher;
import dev.clip2scene.nodes.transport.RawSubscriber;
import dev.clip2scene.nodes.transport.ReceivedSample;
import dev.clip2scene.nodes.transport.TransportOptions;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * What moving one cloud costs on each transport, in one process on loopback: a PointCloud2 of POINTS x,y,z,intensity
 * points published and taken back COUNT times, reliable, one at a time. For rcljava it also times the two conversions
 * of {@link RosidlJavaCodec} alone. Usage: RcljavaBench [points] [count] (defaults: 262144 points = 4 MiB, 50).
 * Run in a sourced workspace; ROS_DOMAIN_ID picks rcl's domain, the DDS run uses the same one.
 */
public final class RcljavaBench {
  private RcljavaBench() {}

  public static void main(String[] args) throws Exception {
    int points = args.length > 0 ? Integer.parseInt(args[0]) : 262_144;
    int count = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    float[] xyzi = new float[points * 4];
    Random r = new Random(1);
    for (int i = 0; i < xyzi.length; i++) xyzi[i] = r.nextFloat() * 40 - 20;
    byte[] cdr = MessageTypes.POINT_CLOUD2.encode(XyziCloud.of(new Header(new Time(1_700_000_000, 0), "velodyne"), xyzi, true));
    System.out.printf("cloud: %d points, %d bytes of CDR, %d samples per transport%n", points, cdr.length, count);

    RosidlJavaCodec codec = RosidlJavaCodec.of(MessageTypes.POINT_CLOUD2.name(), RcljavaBench.class.getClassLoader());
    double[] toObject = new double[count];
    double[] toCdr = new double[count];
    for (int i = -5; i < count; i++) {
      long t0 = System.nanoTime();
      Object o = codec.decode(cdr, cdr.length);
      long t1 = System.nanoTime();
      byte[] back = codec.encode(o);
      long t2 = System.nanoTime();
      if (back.length != cdr.length) throw new IllegalStateException("round trip changed the size");
      if (i >= 0) {
        toObject[i] = (t1 - t0) / 1e6;
        toCdr[i] = (t2 - t1) / 1e6;
      }
    }
    report("rcljava: CDR -> generated object (RosidlJavaCodec)", toObject);
    report("rcljava: generated object -> CDR (RosidlJavaCodec)", toCdr);

    int domain = Integer.parseInt(System.getenv().getOrDefault("ROS_DOMAIN_ID", "0"));
    TransportOptions options = TransportOptions.loopback(domain).withMaxSampleBytes(cdr.length + 1024);
    run("rcljava", new RcljavaTransport(new RosNodeName("/", "rcljava_bench"), options), cdr, count);
    run("dds", DdsTransport.open("dds_bench", options), cdr, count);
  }

  private static void run(String name, NodeTransport t, byte[] cdr, int count) throws Exception {
    System.out.println(name + ": " + t.describe());
    try (t; RawSubscriber sub = t.subscriber("/bench/cloud", MessageTypes.POINT_CLOUD2.name(), Qos.outputs(2), 2);
        RawPublisher pub = t.publisher("/bench/cloud", MessageTypes.POINT_CLOUD2.name(), Qos.outputs(2))) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while ((pub.matchedReaders() == 0 || sub.matchedWriters() == 0) && System.nanoTime() < deadline) Thread.sleep(10);
      double[] publish = new double[count];
      double[] delivered = new double[count];
      for (int i = -5; i < count; i++) {
        long t0 = System.nanoTime();
        pub.publish(cdr);
        long t1 = System.nanoTime();
        ReceivedSample s = sub.poll(30, TimeUnit.SECONDS);
        long t2 = System.nanoTime();
        if (s == null) throw new IllegalStateException(name + ": sample " + i + " did not arrive within 30 s");
        if (!sameSample(cdr, s.cdr())) throw new IllegalStateException(name + ": sample " + i + " arrived changed");
        if (i >= 0) {
          publish[i] = (t1 - t0) / 1e6;
          delivered[i] = (t2 - t0) / 1e6;
        }
      }
      report(name + ": publish() returns", publish);
      report(name + ": publish() to the bytes taken back", delivered);
    }
  }

  /** The same body; a writer may pad the payload to a multiple of four (XCDR1). */
  private static boolean sameSample(byte[] sent, byte[] got) {
    return got.length >= sent.length && got.length - sent.length <= CdrReader.MAX_TRAILING_PADDING
        && Arrays.equals(sent, 4, sent.length, got, 4, sent.length) && sent[1] == got[1];
  }

  private static void report(String what, double[] ms) {
    double[] s = ms.clone();
    Arrays.sort(s);
    System.out.printf("%-55s p50 %8.2f ms   p99 %8.2f ms%n", what, s[s.length / 2], s[Math.min(s.length - 1, (int) Math.ceil(s.length * 0.99) - 1)]);
  }
}
