package dev.clip2scene.nodes.bag.live;

import dev.clip2scene.msgs.MessageTypes;
import dev.clip2scene.msgs.RosMessageType;
import dev.clip2scene.nodes.transport.Qos;
import java.util.Map;

/**
 * A topic to record: name, type (its schema comes from the msgs catalogue) and the QoS it is subscribed with.
 * Written {@code NAME} for well-known topics or {@code NAME:TYPE} (e.g. /lidar:sensor_msgs/msg/PointCloud2).
 */
public record RecordedTopic(String name, RosMessageType<?> type, Qos qos) {
  private static final Map<String, String> WELL_KNOWN = Map.of(
      "/tf", "tf2_msgs/msg/TFMessage",
      "/tf_static", "tf2_msgs/msg/TFMessage",
      "/diagnostics", "diagnostic_msgs/msg/DiagnosticArray",
      "/points", "sensor_msgs/msg/PointCloud2",
      "/points_semantic", "sensor_msgs/msg/PointCloud2",
      "/clip2scene/label_map", "clip2scene/msg/LabelMap",
      "/clip2scene/vocabulary", "clip2scene/msg/VocabularyUpdate");

  /** Parses NAME[:TYPE]; a name without a type must be a well-known topic. */
  public static RecordedTopic parse(String spec) {
    int colon = spec.indexOf(':');
    String name = colon < 0 ? spec : spec.substring(0, colon);
    String typeName = colon < 0 ? WELL_KNOWN.get(name) : spec.substring(colon + 1);
    if (typeName == null) {
      throw new IllegalArgumentException("topic " + name + ": give its type as " + name + ":pkg/msg/Type (types are "
          + "known without it only for " + String.join(", ", new java.util.TreeSet<>(WELL_KNOWN.keySet())) + ")");
    }
    RosMessageType<?> type = MessageTypes.find(typeName).orElseThrow(() -> new IllegalArgumentException("topic " + name
        + ": type " + typeName + " is not one clip2scene knows (clip2scene msg list)"));
    return new RecordedTopic(name, type, subscription(name, type.name()));
  }

  /** This topic under the name RENAME gives (a --ros-args remap); type and QoS stay. */
  public RecordedTopic remapped(java.util.function.UnaryOperator<String> rename) {
    return new RecordedTopic(rename.apply(name), type, qos);
  }

  /**
   * How to subscribe: transient local for latched topics (to get what was published before we joined), best effort
   * for sensor data (matches best-effort and reliable writers alike), reliable for the rest.
   */
  static Qos subscription(String name, String type) {
    if (name.equals("/clip2scene/label_map")) return new Qos(Qos.Reliability.RELIABLE, Qos.Durability.TRANSIENT_LOCAL, 1);
    return TopicQos.defaultFor(name, type);
  }
}
