package dev.clip2scene.msgs.pointcloud;

import dev.clip2scene.msgs.cdr.ByteOrderAccess;
import dev.clip2scene.msgs.sensor.PointCloud2;
import dev.clip2scene.msgs.sensor.PointField;
import dev.clip2scene.msgs.std.Header;
import java.util.Arrays;
import java.util.List;

/**
 * Builds the perception node's output cloud, little endian, one row: x, y, z, intensity (float32), label (uint16),
 * score (float32) and rgb (float32 holding 0x00RRGGBB, the packing RViz and Foxglove colour points by).
 */
public final class SemanticCloudBuilder {
  public static final int X = 0;
  public static final int Y = 4;
  public static final int Z = 8;
  public static final int INTENSITY = 12;
  public static final int LABEL = 16;
  public static final int SCORE = 20;
  public static final int RGB = 24;
  public static final int POINT_STEP = 28;

  public static final List<PointField> FIELDS = List.of(
      new PointField("x", X, PointField.FLOAT32, 1),
      new PointField("y", Y, PointField.FLOAT32, 1),
      new PointField("z", Z, PointField.FLOAT32, 1),
      new PointField("intensity", INTENSITY, PointField.FLOAT32, 1),
      new PointField("label", LABEL, PointField.UINT16, 1),
      new PointField("score", SCORE, PointField.FLOAT32, 1),
      new PointField("rgb", RGB, PointField.FLOAT32, 1));

  private byte[] data;
  private int points;
  private boolean dense = true;

  public SemanticCloudBuilder(int expectedPoints) {
    data = new byte[Math.max(1, expectedPoints) * POINT_STEP];
  }

  /** The float whose bits are 0x00RRGGBB: what RViz reads from an "rgb" float32 field. */
  public static float packRgb(int red, int green, int blue) {
    return Float.intBitsToFloat(((red & 0xff) << 16) | ((green & 0xff) << 8) | (blue & 0xff));
  }

  /** Appends a point; LABEL must be a uint16, RGB is 0x00RRGGBB. */
  public SemanticCloudBuilder add(float x, float y, float z, float intensity, int label, float score, int rgb) {
    if (points * POINT_STEP == data.length) {
      if (data.length > Integer.MAX_VALUE / 2) throw new IllegalStateException("cloud over 1 GiB");
      data = Arrays.copyOf(data, data.length * 2);
    }
    dense &= writePoint(data, points * POINT_STEP, x, y, z, intensity, label, score, rgb);
    points++;
    return this;
  }

  /** Writes one point of this layout at AT in DATA; false when x, y or z is not finite. */
  static boolean writePoint(byte[] data, int at, float x, float y, float z, float intensity, int label, float score,
      int rgb) {
    if ((label & ~0xffff) != 0) throw new IllegalArgumentException("label " + label + " is not a uint16");
    ByteOrderAccess.putFloat(data, at + X, x, true);
    ByteOrderAccess.putFloat(data, at + Y, y, true);
    ByteOrderAccess.putFloat(data, at + Z, z, true);
    ByteOrderAccess.putFloat(data, at + INTENSITY, intensity, true);
    // the uint16 and the 2 padding bytes after it in one store: a reused buffer keeps no stale bytes there
    ByteOrderAccess.putInt(data, at + LABEL, label, true);
    ByteOrderAccess.putFloat(data, at + SCORE, score, true);
    ByteOrderAccess.putInt(data, at + RGB, rgb & 0xffffff, true);
    return Float.isFinite(x) && Float.isFinite(y) && Float.isFinite(z);
  }

  public int size() {
    return points;
  }

  /** The cloud (height 1, width = points added) stamped with HEADER, typically the input cloud's header. */
  public PointCloud2 build(Header header) {
    return new PointCloud2(header, 1, points, FIELDS, false, POINT_STEP, points * POINT_STEP,
        Arrays.copyOf(data, points * POINT_STEP), dense);
  }
}
