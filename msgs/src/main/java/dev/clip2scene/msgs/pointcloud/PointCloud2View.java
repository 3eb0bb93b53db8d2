package dev.clip2scene.msgs.pointcloud;

import dev.clip2scene.msgs.cdr.ByteOrderAccess;
import dev.clip2scene.msgs.cdr.CdrReader;
import dev.clip2scene.msgs.sensor.PointCloud2;
import dev.clip2scene.msgs.sensor.PointCloud2Ref;
import dev.clip2scene.msgs.sensor.PointField;
import dev.clip2scene.msgs.std.Header;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Zero-copy, validated typed access to the points of a PointCloud2: fields by name (with the usual aliases), any
 * datatype, either endianness, organised (height > 1, rows row_step apart) or not. Creating a view checks the
 * geometry once (the one validation every reader of clouds goes through): fields inside point_step, at least one
 * byte a point, width x point_step within row_step, row_step x height equal to the data. So the points never
 * outnumber the data's bytes, nothing a reader allocates exceeds a small multiple of the payload, and reads cannot
 * run outside the data.
 */
public final class PointCloud2View {
  /** Names under which drivers publish intensity, and the per-point time. */
  public static final List<String> INTENSITY_NAMES = List.of("intensity", "reflectance", "remission", "i");
  public static final List<String> TIME_NAMES = List.of("t", "time", "timestamp", "time_offset");
  /** Most points a view accepts: x, y, z, intensity of each as floats must fit one Java array. */
  public static final int MAX_POINTS = (Integer.MAX_VALUE - 8) / 4;

  private final PointCloud2Ref ref;
  private final boolean little;
  private final int width;
  private final int height;
  private final int pointStep;
  private final int rowStep;
  private final int size;
  private final Map<String, PointFieldReader> fields = new LinkedHashMap<>();

  private PointCloud2View(PointCloud2Ref ref) {
    this.ref = ref;
    this.little = !ref.isBigendian();
    long w = Integer.toUnsignedLong(ref.width());
    long h = Integer.toUnsignedLong(ref.height());
    long step = Integer.toUnsignedLong(ref.pointStep());
    long row = Integer.toUnsignedLong(ref.rowStep());
    List<PointField> declared = ref.fields();
    for (int i = 0; i < declared.size(); i++) {
      PointField f = declared.get(i);
      String path = "fields[" + i + "] '" + f.name() + "'";
      long offset = Integer.toUnsignedLong(f.offset());
      PointDatatype type = PointDatatype.of(f.datatype()).orElseThrow(() -> new PointCloudFormatException(path,
          offset, "unknown datatype " + f.datatype() + " (PointField defines 1 INT8 .. 8 FLOAT64)"));
      // count 0 occurs in the wild for scalar fields; it describes one element
      long count = Math.max(1, Integer.toUnsignedLong(f.count()));
      long endInPoint = offset + count * type.size();
      if (endInPoint > step) {
        throw new PointCloudFormatException(path, offset, type + " x" + count + " ends at byte " + endInPoint
            + " of the point, beyond point_step " + step);
      }
      fields.putIfAbsent(f.name(), new PointFieldReader(this, f.name(), type, (int) offset, (int) count));
    }
    // every factor is a uint32, so products stay below 2^64: compared by division, printed unsigned
    if (step == 0 && w != 0 && h != 0) {
      throw new PointCloudFormatException("point_step", 0, "point_step 0 for " + w + " x " + h
          + " points: every point needs at least one byte");
    }
    if (step != 0 && w > row / step) {
      throw new PointCloudFormatException("row_step", 0, "row_step " + row + " is inconsistent with width " + w
          + " x point_step " + step + " = " + Long.toUnsignedString(w * step));
    }
    long length = ref.dataLength();
    if (h == 0 ? length != 0 : row > length / h || row * h != length) {
      throw new PointCloudFormatException("data", 0, "data has " + length + " bytes but row_step " + row
          + " x height " + h + " = " + Long.toUnsignedString(row * h));
    }
    // with point_step >= 1 the points fit in the data (so below 2^31), but xyzi() needs 4 floats a point
    if (h != 0 && w > MAX_POINTS / h) {
      throw new PointCloudFormatException("width", 0, "width " + w + " x height " + h + " points is more than "
          + MAX_POINTS + " (4 floats a point must fit one array)");
    }
    this.width = (int) w;
    this.height = (int) h;
    this.pointStep = (int) step;
    this.rowStep = (int) row;
    this.size = (int) (w * h);
  }

  /** A view of a decoded message's own data. */
  public static PointCloud2View of(PointCloud2 msg) {
    return new PointCloud2View(msg.asRef());
  }

  public static PointCloud2View of(PointCloud2Ref ref) {
    return new PointCloud2View(ref);
  }

  /** Decodes PAYLOAD (CDR with its 4-byte header) and views its point data in place: nothing is copied. */
  public static PointCloud2View decode(byte[] payload) {
    CdrReader in = CdrReader.of(payload, PointCloudFormatException.TYPE);
    PointCloud2Ref ref = PointCloud2Ref.CDR.read(in);
    in.finish();
    return new PointCloud2View(ref);
  }

  public Header header() {
    return ref.header();
  }

  public PointCloud2Ref ref() {
    return ref;
  }

  /** Number of points (width x height). */
  public int size() {
    return size;
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  public boolean isLittleEndian() {
    return little;
  }

  public boolean isDense() {
    return ref.isDense();
  }

  public List<PointFieldReader> fields() {
    return new ArrayList<>(fields.values());
  }

  public Optional<PointFieldReader> field(String name) {
    return Optional.ofNullable(fields.get(name));
  }

  /** The first field present under any of NAMES. */
  public Optional<PointFieldReader> field(List<String> names) {
    for (String n : names) {
      PointFieldReader f = fields.get(n);
      if (f != null) return Optional.of(f);
    }
    return Optional.empty();
  }

  /** The field NAME, or a PointCloudFormatException listing the fields there are. */
  public PointFieldReader require(String name) {
    return field(name).orElseThrow(() -> new PointCloudFormatException("fields", 0,
        "no field '" + name + "' (fields: " + String.join(", ", fields.keySet()) + ")"));
  }

  public Optional<PointFieldReader> intensity() {
    return field(INTENSITY_NAMES);
  }

  public Optional<PointFieldReader> ring() {
    return field("ring");
  }

  public Optional<PointFieldReader> time() {
    return field(TIME_NAMES);
  }

  /** x, y, z of every point interleaved (x0, y0, z0, x1, ...), as floats. */
  public float[] xyz() {
    require("x");
    require("y");
    require("z");
    float[] out = new float[size * 3];
    xyz(out);
    return out;
  }

  /** Writes x, y, z of every point interleaved into DST (at least 3 x size() long). */
  public void xyz(float[] dst) {
    if (dst.length < size * 3L) throw new IllegalArgumentException("xyz needs " + size * 3L + " floats, got " + dst.length);
    PointFieldReader x = require("x");
    PointFieldReader y = require("y");
    PointFieldReader z = require("z");
    if (little && x.datatype() == PointDatatype.FLOAT32 && y.datatype() == PointDatatype.FLOAT32
        && z.datatype() == PointDatatype.FLOAT32) {
      xyzFloat32Le(dst, x.offset(), y.offset(), z.offset());
      return;
    }
    for (int i = 0, j = 0; i < size; i++) {
      dst[j++] = x.getFloat(i);
      dst[j++] = y.getFloat(i);
      dst[j++] = z.getFloat(i);
    }
  }

  /** x, y, z and intensity of every point interleaved (x0, y0, z0, i0, x1, ...); intensity 0 where there is none. */
  public float[] xyzi() {
    require("x");
    require("y");
    require("z");
    float[] out = new float[size * 4];
    xyzi(out);
    return out;
  }

  /**
   * Writes x, y, z, intensity of every point interleaved into DST (at least 4 x size() long): what a voxelizer
   * takes. The usual 16-byte x, y, z, intensity float32 layout, little endian and without row padding, is one bulk
   * copy.
   */
  public void xyzi(float[] dst) {
    if (dst.length < size * 4L) throw new IllegalArgumentException("xyzi needs " + size * 4L + " floats, got " + dst.length);
    PointFieldReader x = require("x");
    PointFieldReader y = require("y");
    PointFieldReader z = require("z");
    PointFieldReader in = intensity().orElse(null);
    if (little && pointStep == 16 && rowStep == width * 16 && in != null && isFloat32At(x, 0) && isFloat32At(y, 4)
        && isFloat32At(z, 8) && isFloat32At(in, 12)) {
      ByteBuffer.wrap(ref.buffer(), ref.dataOffset(), size * 16).slice().order(ByteOrder.LITTLE_ENDIAN)
          .asFloatBuffer().get(dst, 0, size * 4);
      return;
    }
    for (int i = 0, j = 0; i < size; i++, j += 4) {
      dst[j] = x.getFloat(i);
      dst[j + 1] = y.getFloat(i);
      dst[j + 2] = z.getFloat(i);
      dst[j + 3] = in == null ? 0f : in.getFloat(i);
    }
  }

  private static boolean isFloat32At(PointFieldReader f, int offset) {
    return f.datatype() == PointDatatype.FLOAT32 && f.offset() == offset;
  }

  /**
   * The common layout (little-endian float32 x, y, z): with x and y adjacent, {@link RawFloatCopy}; otherwise
   * straight loads row by row, no per-point dispatch.
   */
  private void xyzFloat32Le(float[] dst, int ox, int oy, int oz) {
    byte[] b = ref.buffer();
    boolean xyAdjacent = oy == ox + 4;
    if (xyAdjacent && RawFloatCopy.available()) {
      RawFloatCopy.xyz(b, ref.dataOffset(), width, height, pointStep, rowStep, ox, oz, dst);
      return;
    }
    for (int r = 0, j = 0; r < height; r++) {
      int at = ref.dataOffset() + r * rowStep;
      for (int c = 0; c < width; c++, at += pointStep, j += 3) {
        if (xyAdjacent) {
          long xy = ByteOrderAccess.getLongLe(b, at + ox);
          dst[j] = Float.intBitsToFloat((int) xy);
          dst[j + 1] = Float.intBitsToFloat((int) (xy >>> 32));
        } else {
          dst[j] = ByteOrderAccess.getFloatLe(b, at + ox);
          dst[j + 1] = ByteOrderAccess.getFloatLe(b, at + oy);
        }
        dst[j + 2] = ByteOrderAccess.getFloatLe(b, at + oz);
      }
    }
  }

  byte[] buffer() {
    return ref.buffer();
  }

  /** Absolute position in buffer() of point I (row-major). */
  int pointOffset(int i) {
    if (i < 0 || i >= size) throw new IndexOutOfBoundsException("point " + i + " of " + size);
    int r = i / width;
    return ref.dataOffset() + r * rowStep + (i - r * width) * pointStep;
  }
}
