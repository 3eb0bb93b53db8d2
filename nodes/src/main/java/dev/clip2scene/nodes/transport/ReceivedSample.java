package dev.clip2scene.nodes.transport;

/**
 * One sample as received: the ROS topic, its raw CDR (4-byte encapsulation header included), the receive time
 * (nanoseconds since the epoch, as rosbag2 records it) and the writer's source timestamp (same unit).
 */
public record ReceivedSample(String topic, byte[] cdr, long receiveTimeNanos, long sourceTimeNanos) {}
