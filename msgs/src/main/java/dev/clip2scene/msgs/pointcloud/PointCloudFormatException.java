package dev.clip2scene.msgs.pointcloud;

import dev.clip2scene.msgs.cdr.CdrException;

/**
 * A PointCloud2 whose layout is inconsistent (unknown datatype, a field past point_step, row_step smaller than
 * width x point_step, data size not row_step x height). OFFSET is the byte offset within the point (for a field)
 * or within the data blob.
 */
public final class PointCloudFormatException extends CdrException {
  static final String TYPE = "sensor_msgs/msg/PointCloud2";

  PointCloudFormatException(String fieldPath, long offset, String problem) {
    super(TYPE + ": " + fieldPath + " (byte offset " + offset + "): " + problem, TYPE, fieldPath, offset);
  }
}
