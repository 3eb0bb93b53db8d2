package dev.clip2scene.nodes.cli.bag;

import dev.clip2scene.msgs.MessageTypes;
import dev.clip2scene.msgs.builtin.Time;
import dev.clip2scene.msgs.sensor.PointCloud2;
import dev.clip2scene.msgs.sensor.PointField;
import dev.clip2scene.msgs.std.Header;
import dev.clip2scene.nodes.bag.BagMessage;
import dev.clip2scene.nodes.bag.MessageDefinition;
import dev.clip2scene.nodes.bag.TopicInfo;
import dev.clip2scene.nodes.bag.mcap.ChunkCodec;
import dev.clip2scene.nodes.bag.mcap.McapWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * The benchmark's input: a zstd MCAP of PointCloud2 sweeps shaped like a 32-ring spinning LiDAR (x, y, z, intensity
 * as float32), written until the file reaches a target size.
 */
final class BenchBag {
  static final String TOPIC = "/points";
  private static final int RINGS = 32;
  private static final int AZIMUTHS = 3125;

  private BenchBag() {}

  /** Writes FILE; returns the number of messages. */
  static long generate(Path file, long targetBytes) throws IOException {
    var type = MessageTypes.POINT_CLOUD2;
    TopicInfo topic = new TopicInfo(TOPIC, type.name(), "cdr", "", "",
        new MessageDefinition("ros2msg", type.schemaText()), 0);
    Random rnd = new Random(7);
    long t0 = 1_700_000_000_000_000_000L;
    long n = 0;
    try (McapWriter w = new McapWriter(file, ChunkCodec.ZSTD, McapWriter.DEFAULT_CHUNK_SIZE, "clip2scene bench")) {
      w.addTopic(topic);
      while (w.bytesWritten() < targetBytes) {
        long t = t0 + n * 100_000_000L; // 10 Hz
        byte[] cdr = type.encode(sweep(t, n, rnd));
        w.write(new BagMessage(TOPIC, type.name(), t, t, cdr));
        n++;
      }
    }
    return n;
  }

  private static PointCloud2 sweep(long stampNs, long index, Random rnd) {
    int points = RINGS * AZIMUTHS;
    ByteBuffer data = ByteBuffer.allocate(points * 16).order(ByteOrder.LITTLE_ENDIAN);
    for (int a = 0; a < AZIMUTHS; a++) {
      double az = 2 * Math.PI * a / AZIMUTHS + index * 0.01;
      for (int r = 0; r < RINGS; r++) {
        double el = Math.toRadians(-25 + r * 40.0 / RINGS);
        double range = 8 + 4 * Math.sin(3 * az) + 0.02 * rnd.nextGaussian();
        data.putFloat((float) (range * Math.cos(el) * Math.cos(az)));
        data.putFloat((float) (range * Math.cos(el) * Math.sin(az)));
        data.putFloat((float) (range * Math.sin(el)));
        data.putFloat((float) (rnd.nextInt(64) + 64 * (r % 2)));
      }
    }
    List<PointField> fields = List.of(new PointField("x", 0, 7, 1), new PointField("y", 4, 7, 1),
        new PointField("z", 8, 7, 1), new PointField("intensity", 12, 7, 1));
    return new PointCloud2(new Header(Time.ofNanos(stampNs), "lidar"), 1, points, fields, false, 16, points * 16,
        data.array(), true);
  }
}
