package dev.clip2scene.nodes.bag;

/**
 * One recorded message as rosbag2 stores it.
 *
 * @param topic the topic name, e.g. {@code /points}
 * @param type the ROS type name, e.g. {@code sensor_msgs/msg/PointCloud2}
 * @param logTimeNs receive time in nanoseconds since the epoch (the bag's time order)
 * @param publishTimeNs publish time; sqlite3 bags do not store it, so it equals the log time there
 * @param data the serialized message, for CDR the full bytes including the 4-byte encapsulation header
 */
public record BagMessage(String topic, String type, long logTimeNs, long publishTimeNs, byte[] data) {}
