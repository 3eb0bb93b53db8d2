package dev.clip2scene.nodes.perception;

import dev.clip2scene.msgs.sensor.PointCloud2;
import dev.clip2scene.msgs.sensor.PointField;
import dev.clip2scene.msgs.std.Header;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/** A LiDAR-driver-shaped PointCloud2 (float32 x, y, z and optionally intensity, little endian, one row). */
public final class XyziCloud {
  private XyziCloud() {}

  /** The cloud of POINTS (x, y, z, intensity interleaved); without INTENSITY the field is left out. */
  public static PointCloud2 of(Header header, float[] points, boolean intensity) {
    int n = points.length / 4;
    int step = intensity ? 16 : 12;
    ByteBuffer b = ByteBuffer.allocate(n * step).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < n; i++) {
      b.putFloat(points[4 * i]).putFloat(points[4 * i + 1]).putFloat(points[4 * i + 2]);
      if (intensity) b.putFloat(points[4 * i + 3]);
    }
    List<PointField> fields = intensity
        ? List.of(field("x", 0), field("y", 4), field("z", 8), field("intensity", 12))
        : List.of(field("x", 0), field("y", 4), field("z", 8));
    return new PointCloud2(header, 1, n, fields, false, step, n * step, b.array(), false);
  }

  private static PointField field(String name, int offset) {
    return new PointField(name, offset, PointField.FLOAT32, 1);
  }
}
