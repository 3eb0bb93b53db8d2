package dev.clip2scene.msgs.sensor;

import dev.clip2scene.msgs.cdr.CdrCodec;
import dev.clip2scene.msgs.cdr.CdrReader;
import dev.clip2scene.msgs.cdr.CdrWriter;
import dev.clip2scene.msgs.std.Header;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * sensor_msgs/PointCloud2 with its data copied out of the payload. For zero-copy typed access decode a
 * {@link PointCloud2Ref} instead, or call {@code PointCloud2View.of(...)} on either. uint32 values are held in ints.
 */
public record PointCloud2(Header header, int height, int width, List<PointField> fields, boolean isBigendian,
    int pointStep, int rowStep, byte[] data, boolean isDense) {

  public PointCloud2 {
    fields = List.copyOf(fields);
    Objects.requireNonNull(data, "data");
  }

  public static final CdrCodec<PointCloud2> CDR = new CdrCodec<>() {
    @Override
    public PointCloud2 read(CdrReader in) {
      return PointCloud2Ref.CDR.read(in).copy();
    }

    @Override
    public void write(CdrWriter out, PointCloud2 v) {
      PointCloud2Ref.CDR.write(out, v.asRef());
    }
  };

  /** This message as a reference to its own data array (no copy). */
  public PointCloud2Ref asRef() {
    return new PointCloud2Ref(header, height, width, fields, isBigendian, pointStep, rowStep, data, 0, data.length,
        isDense);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PointCloud2 p && header.equals(p.header) && height == p.height && width == p.width
        && fields.equals(p.fields) && isBigendian == p.isBigendian && pointStep == p.pointStep
        && rowStep == p.rowStep && Arrays.equals(data, p.data) && isDense == p.isDense;
  }

  @Override
  public int hashCode() {
    return Objects.hash(header, height, width, fields, isBigendian, pointStep, rowStep, Arrays.hashCode(data), isDense);
  }

  @Override
  public String toString() {
    return "PointCloud2[header=" + header + ", height=" + Integer.toUnsignedString(height) + ", width="
        + Integer.toUnsignedString(width) + ", fields=" + fields + ", isBigendian=" + isBigendian + ", pointStep="
        + Integer.toUnsignedString(pointStep) + ", rowStep=" + Integer.toUnsignedString(rowStep) + ", data="
        + data.length + " bytes, isDense=" + isDense + "]";
  }
}
