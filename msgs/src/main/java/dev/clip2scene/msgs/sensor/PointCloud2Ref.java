package dev.clip2scene.msgs.sensor;

import dev.clip2scene.msgs.cdr.CdrCodec;
import dev.clip2scene.msgs.cdr.CdrReader;
import dev.clip2scene.msgs.cdr.CdrWriter;
import dev.clip2scene.msgs.std.Header;
import java.util.Arrays;
import java.util.List;

/**
 * A sensor_msgs/PointCloud2 whose point data stays where it is: DATALENGTH bytes of BUFFER from DATAOFFSET
 * (typically the received payload itself). Decoding one copies nothing but the small metadata.
 */
public record PointCloud2Ref(Header header, int height, int width, List<PointField> fields, boolean isBigendian,
    int pointStep, int rowStep, byte[] buffer, int dataOffset, int dataLength, boolean isDense) {

  public PointCloud2Ref {
    fields = List.copyOf(fields);
    if (dataOffset < 0 || dataLength < 0 || dataOffset > buffer.length - dataLength) {
      throw new IllegalArgumentException("data range " + dataOffset + "+" + dataLength + " outside a buffer of "
          + buffer.length + " bytes");
    }
  }

  public static final CdrCodec<PointCloud2Ref> CDR = new CdrCodec<>() {
    @Override
    public PointCloud2Ref read(CdrReader in) {
      Header header = in.nested("header", Header.CDR);
      int height = in.uint32("height");
      int width = in.uint32("width");
      List<PointField> fields = in.sequence("fields", PointField.CDR);
      boolean bigEndian = in.bool("is_bigendian");
      int pointStep = in.uint32("point_step");
      int rowStep = in.uint32("row_step");
      int length = in.sequenceLength("data", 1);
      int at = in.skip("data", length);
      return new PointCloud2Ref(header, height, width, fields, bigEndian, pointStep, rowStep, in.buffer(), at, length,
          in.bool("is_dense"));
    }

    @Override
    public void write(CdrWriter out, PointCloud2Ref v) {
      writeLayout(out, v.header, v.height, v.width, v.fields, v.isBigendian, v.pointStep, v.rowStep);
      out.uint8Sequence(v.buffer, v.dataOffset, v.dataLength).bool(v.isDense);
    }
  };

  /** The fields before data (header to row_step): for writers that put the point data in place themselves. */
  public static void writeLayout(CdrWriter out, Header header, int height, int width, List<PointField> fields,
      boolean isBigendian, int pointStep, int rowStep) {
    out.nested(Header.CDR, header).uint32(height).uint32(width).sequence(PointField.CDR, fields)
        .bool(isBigendian).uint32(pointStep).uint32(rowStep);
  }

  /** A self-contained message with the data copied out. */
  public PointCloud2 copy() {
    return new PointCloud2(header, height, width, fields, isBigendian, pointStep, rowStep,
        Arrays.copyOfRange(buffer, dataOffset, dataOffset + dataLength), isDense);
  }
}
