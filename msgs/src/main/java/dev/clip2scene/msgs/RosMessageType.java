package dev.clip2scene.msgs;

import dev.clip2scene.msgs.cdr.CdrCodec;
import java.nio.ByteOrder;

/**
 * A ROS 2 message type this package can decode and encode: its ROS name ("sensor_msgs/msg/PointCloud2"), DDS type
 * name ("sensor_msgs::msg::dds_::PointCloud2_"), ros2msg schema text (as rosbag2 stores it) and CDR codec.
 */
public interface RosMessageType<T> {
  /** "pkg/msg/Type". */
  String name();

  /** "pkg::msg::dds_::Type_", the type name on the DDS wire. */
  String ddsTypeName();

  /** The top-level definition then each dependency after an '=' line and "MSG: pkg/Type", comments excluded. */
  String schemaText();

  /** The Java record the codec produces. */
  Class<T> javaType();

  CdrCodec<T> codec();

  /** Decodes a whole payload (4-byte encapsulation header included); bad input throws CdrException. */
  T decode(byte[] payloadWithEncapsulationHeader);

  /** Encodes VALUE as little-endian CDR (00 01 00 00 header), the representation ROS 2 uses on the wire. */
  default byte[] encode(T value) {
    return encode(value, ByteOrder.LITTLE_ENDIAN);
  }

  byte[] encode(T value, ByteOrder order);
}
