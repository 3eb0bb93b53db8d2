package dev.clip2scene.nodes.cli.msg;

import dev.clip2scene.msgs.MessageTypes;
import dev.clip2scene.msgs.builtin.Time;
import dev.clip2scene.msgs.pointcloud.PointCloud2View;
import dev.clip2scene.msgs.sensor.PointCloud2;
import dev.clip2scene.msgs.sensor.PointField;
import dev.clip2scene.msgs.std.Header;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Decoding a PointCloud2 payload (x, y, z, intensity float32, 16 bytes a point) into interleaved x, y, z floats
 * (and x, y, z, intensity floats), against System.arraycopy of the same data bytes: the limit any decoder could
 * reach. Medians of timed rounds.
 */
final class XyzBenchmark {
  record Result(int cloudBytes, int points, double copyGbPerS, double xyzGbPerS, double xyziGbPerS) {
    double xyzRatio() {
      return xyzGbPerS / copyGbPerS;
    }

    double xyziRatio() {
      return xyziGbPerS / copyGbPerS;
    }
  }

  private final byte[] payload;
  private final int dataOffset;
  private final int dataLength;
  private final int points;
  private long sink;

  XyzBenchmark(int cloudBytes) {
    points = cloudBytes / 16;
    ByteBuffer data = ByteBuffer.allocate(points * 16).order(ByteOrder.LITTLE_ENDIAN);
    Random rnd = new Random(1);
    for (int i = 0; i < points * 4; i++) data.putFloat((float) rnd.nextGaussian() * 20);
    List<PointField> fields = List.of(new PointField("x", 0, PointField.FLOAT32, 1),
        new PointField("y", 4, PointField.FLOAT32, 1), new PointField("z", 8, PointField.FLOAT32, 1),
        new PointField("intensity", 12, PointField.FLOAT32, 1));
    PointCloud2 cloud = new PointCloud2(new Header(Time.ZERO, "lidar"), 1, points, fields, false, 16, points * 16,
        data.array(), true);
    payload = MessageTypes.POINT_CLOUD2.encode(cloud);
    PointCloud2View view = PointCloud2View.decode(payload);
    dataOffset = view.ref().dataOffset();
    dataLength = view.ref().dataLength();
  }

  Result run(int rounds, int iterationsPerRound) {
    byte[] copy = new byte[dataLength];
    float[] xyz = new float[points * 3];
    float[] xyzi = new float[points * 4];
    // warm-up: let the JIT compile every loop before timing
    for (int i = 0; i < Math.max(50, iterationsPerRound * 3); i++) {
      copyOnce(copy);
      xyzOnce(xyz);
      xyziOnce(xyzi);
    }
    double[] copyNs = new double[rounds];
    double[] xyzNs = new double[rounds];
    double[] xyziNs = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      long t0 = System.nanoTime();
      for (int i = 0; i < iterationsPerRound; i++) copyOnce(copy);
      long t1 = System.nanoTime();
      for (int i = 0; i < iterationsPerRound; i++) xyzOnce(xyz);
      long t2 = System.nanoTime();
      for (int i = 0; i < iterationsPerRound; i++) xyziOnce(xyzi);
      long t3 = System.nanoTime();
      copyNs[r] = (t1 - t0) / (double) iterationsPerRound;
      xyzNs[r] = (t2 - t1) / (double) iterationsPerRound;
      xyziNs[r] = (t3 - t2) / (double) iterationsPerRound;
    }
    if (sink == 42) System.out.print("");  // keeps the results observable
    return new Result(dataLength, points, dataLength / median(copyNs), dataLength / median(xyzNs),
        dataLength / median(xyziNs));
  }

  private void copyOnce(byte[] dst) {
    System.arraycopy(payload, dataOffset, dst, 0, dataLength);
    sink += dst[dataLength - 1];
  }

  private void xyzOnce(float[] dst) {
    PointCloud2View.decode(payload).xyz(dst);
    sink += Float.floatToRawIntBits(dst[dst.length - 1]);
  }

  private void xyziOnce(float[] dst) {
    PointCloud2View.decode(payload).xyzi(dst);
    sink += Float.floatToRawIntBits(dst[dst.length - 1]);
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }
}
