package dev.clip2scene.msgs.pointcloud;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.clip2scene.msgs.MessageTypes;
import dev.clip2scene.msgs.builtin.Time;
import dev.clip2scene.msgs.std.Header;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SemanticCloudPayloadTest {
  /** Adds the same N random points (NaN at NAN_AT when >= 0) to the builder and the payload. */
  private static byte[][] both(SemanticCloudPayload payload, Header header, int n, int nanAt, long seed) {
    Random r = new Random(seed);
    SemanticCloudBuilder builder = new SemanticCloudBuilder(n);
    payload.start(header, n);
    for (int i = 0; i < n; i++) {
      float x = i == nanAt ? Float.NaN : r.nextFloat() * 100 - 50;
      float y = r.nextFloat();
      float z = r.nextFloat();
      float intensity = r.nextFloat() * 255;
      int label = r.nextInt(65536);
      float score = r.nextFloat();
      int rgb = r.nextInt();
      builder.add(x, y, z, intensity, label, score, rgb);
      payload.add(x, y, z, intensity, label, score, rgb);
    }
    int length = payload.finish();
    return new byte[][] {MessageTypes.POINT_CLOUD2.encode(builder.build(header)), Arrays.copyOf(payload.buffer(), length)};
  }

  @Test
  void writesTheBytesTheBuilderAndCodecWrite() {
    SemanticCloudPayload payload = new SemanticCloudPayload();
    byte[][] first = both(payload, new Header(new Time(7, 8), "velodyne"), 1000, -1, 1);
    assertArrayEquals(first[0], first[1]);
    byte[] buffer = payload.buffer();
    // reused: a smaller cloud under a longer frame id shifts the data; no byte of the earlier cloud may remain
    byte[][] second = both(payload, new Header(new Time(9, 10), "a_much_longer_frame_id"), 600, 17, 2);
    assertArrayEquals(second[0], second[1]);
    assertSame(buffer, payload.buffer(), "the buffer is reused, not reallocated");
    byte[][] empty = both(payload, new Header(Time.ZERO, ""), 0, -1, 3);
    assertArrayEquals(empty[0], empty[1]);
  }

  @Test
  void refusesIncompleteClouds() {
    SemanticCloudPayload payload = new SemanticCloudPayload();
    assertThrows(IllegalStateException.class, payload::finish);
    payload.start(new Header(Time.ZERO, "f"), 2);
    payload.add(0, 0, 0, 0, 1, 1, 0);
    assertThrows(IllegalStateException.class, payload::finish);
    payload.add(0, 0, 0, 0, 1, 1, 0);
    assertThrows(IllegalStateException.class, () -> payload.add(0, 0, 0, 0, 1, 1, 0));
    payload.start(new Header(Time.ZERO, "f"), 1);
    assertThrows(IllegalArgumentException.class, () -> payload.add(0, 0, 0, 0, 70000, 1, 0));
    assertThrows(IllegalArgumentException.class, () -> payload.start(new Header(Time.ZERO, "f"), -1));
  }
}
