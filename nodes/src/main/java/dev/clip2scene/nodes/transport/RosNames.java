package dev.clip2scene.nodes.transport;

import dev.clip2scene.msgs.DdsTypeNames;
import java.util.regex.Pattern;

/**
 * How ROS 2 names appear on the DDS wire: topic {@code /points} is DDS topic {@code rt/points}; message type
 * {@code sensor_msgs/msg/PointCloud2} is DDS type {@code sensor_msgs::msg::dds_::PointCloud2_}.
 */
public final class RosNames {
  private static final Pattern TOPIC = Pattern.compile("(/[A-Za-z_][A-Za-z0-9_]*)+");

  private RosNames() {}

  /** The DDS topic for an absolute ROS topic name; relative or malformed names are rejected. */
  public static String ddsTopic(String rosTopic) {
    if (rosTopic == null || !TOPIC.matcher(rosTopic).matches()) {
      throw new IllegalArgumentException(
          "topic '" + rosTopic + "' is not an absolute ROS 2 topic name (like /points or /camera/image_raw)");
    }
    return "rt" + rosTopic;
  }

  /** The DDS type name for a ROS type written "pkg/msg/Type". */
  public static String ddsType(String rosType) {
    return DdsTypeNames.of(rosType);
  }
}
