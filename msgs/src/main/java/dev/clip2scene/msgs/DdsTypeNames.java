package dev.clip2scene.msgs;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** ROS 2 type names as they appear on the DDS wire: {@code pkg/msg/Type} is {@code pkg::msg::dds_::Type_}. */
public final class DdsTypeNames {
  private static final Pattern TYPE = Pattern.compile("([A-Za-z][A-Za-z0-9_]*)/(msg|srv|action)/([A-Za-z][A-Za-z0-9_]*)");

  private DdsTypeNames() {}

  /** The DDS type name for ROS_TYPE written "pkg/msg/Type"; anything else is rejected. */
  public static String of(String rosType) {
    Matcher m = rosType == null ? null : TYPE.matcher(rosType);
    if (m == null || !m.matches()) {
      throw new IllegalArgumentException("type '" + rosType + "' is not a ROS 2 type name like sensor_msgs/msg/PointCloud2");
    }
    return m.group(1) + "::" + m.group(2) + "::dds_::" + m.group(3) + "_";
  }
}
