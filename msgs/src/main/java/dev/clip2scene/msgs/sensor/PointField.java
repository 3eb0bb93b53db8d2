package dev.clip2scene.msgs.sensor;

import dev.clip2scene.msgs.cdr.CdrCodec;
import dev.clip2scene.msgs.cdr.CdrReader;
import dev.clip2scene.msgs.cdr.CdrWriter;

/**
 * sensor_msgs/PointField: one channel of a point's layout. OFFSET and COUNT are uint32 held in ints; DATATYPE is
 * one of the constants below (uint8, 0-255).
 */
public record PointField(String name, int offset, int datatype, int count) {
  public static final int INT8 = 1;
  public static final int UINT8 = 2;
  public static final int INT16 = 3;
  public static final int UINT16 = 4;
  public static final int INT32 = 5;
  public static final int UINT32 = 6;
  public static final int FLOAT32 = 7;
  public static final int FLOAT64 = 8;

  public static final CdrCodec<PointField> CDR = new CdrCodec<>() {
    @Override
    public PointField read(CdrReader in) {
      return new PointField(in.string("name"), in.uint32("offset"), in.uint8("datatype"), in.uint32("count"));
    }

    @Override
    public void write(CdrWriter out, PointField v) {
      out.string(v.name).uint32(v.offset).uint8(v.datatype).uint32(v.count);
    }
  };
}
