package dev.clip2scene.msgs.pointcloud;

import dev.clip2scene.msgs.cdr.ByteOrderAccess;

/** Typed reads of one field of every point of a {@link PointCloud2View}, converting from its datatype. */
public final class PointFieldReader {
  private final PointCloud2View cloud;
  private final String name;
  private final PointDatatype datatype;
  private final int offset;
  private final int count;

  PointFieldReader(PointCloud2View cloud, String name, PointDatatype datatype, int offset, int count) {
    this.cloud = cloud;
    this.name = name;
    this.datatype = datatype;
    this.offset = offset;
    this.count = count;
  }

  public String name() {
    return name;
  }

  public PointDatatype datatype() {
    return datatype;
  }

  /** Byte offset of the field within a point. */
  public int offset() {
    return offset;
  }

  /** Elements per point (1 for ordinary fields). */
  public int count() {
    return count;
  }

  /** Element 0 of point I (row-major over an organised cloud) as a double. */
  public double getDouble(int i) {
    return getDouble(i, 0);
  }

  /** Element E of point I as a double (exact for every datatype but int64-sized values, which ROS lacks). */
  public double getDouble(int i, int e) {
    int at = at(i, e);
    byte[] b = cloud.buffer();
    boolean little = cloud.isLittleEndian();
    return switch (datatype) {
      case INT8 -> b[at];
      case UINT8 -> b[at] & 0xff;
      case INT16 -> ByteOrderAccess.getShort(b, at, little);
      case UINT16 -> ByteOrderAccess.getShort(b, at, little) & 0xffff;
      case INT32 -> ByteOrderAccess.getInt(b, at, little);
      case UINT32 -> Integer.toUnsignedLong(ByteOrderAccess.getInt(b, at, little));
      case FLOAT32 -> ByteOrderAccess.getFloat(b, at, little);
      case FLOAT64 -> ByteOrderAccess.getDouble(b, at, little);
    };
  }

  public float getFloat(int i) {
    return datatype == PointDatatype.FLOAT32
        ? ByteOrderAccess.getFloat(cloud.buffer(), at(i, 0), cloud.isLittleEndian())
        : (float) getDouble(i, 0);
  }

  /** Element 0 of point I as a long (floating-point values truncate toward zero). */
  public long getLong(int i) {
    return (long) getDouble(i, 0);
  }

  /** Element 0 of every point as floats, in point order. */
  public float[] toFloatArray() {
    float[] out = new float[cloud.size()];
    for (int i = 0; i < out.length; i++) out[i] = getFloat(i);
    return out;
  }

  private int at(int i, int e) {
    if (e < 0 || e >= count) throw new IndexOutOfBoundsException("element " + e + " of field '" + name + "' (count " + count + ")");
    return cloud.pointOffset(i) + offset + e * datatype.size();
  }
}
