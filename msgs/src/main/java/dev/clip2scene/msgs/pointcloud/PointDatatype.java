package dev.clip2scene.msgs.pointcloud;

import java.util.Optional;

/** The datatypes of sensor_msgs/PointField, with their codes and sizes in bytes. */
public enum PointDatatype {
  INT8(1, 1), UINT8(2, 1), INT16(3, 2), UINT16(4, 2), INT32(5, 4), UINT32(6, 4), FLOAT32(7, 4), FLOAT64(8, 8);

  private final int code;
  private final int size;

  PointDatatype(int code, int size) {
    this.code = code;
    this.size = size;
  }

  public int code() {
    return code;
  }

  public int size() {
    return size;
  }

  public static Optional<PointDatatype> of(int code) {
    return code >= 1 && code <= 8 ? Optional.of(values()[code - 1]) : Optional.empty();
  }
}
