package dev.clip2scene.nodes.bag.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.clip2scene.nodes.transport.Qos;
import java.io.IOException;
import java.util.Locale;
import java.util.Set;

/**
 * QoS as rosbag2 records it (a topic's offered_qos_profiles: a YAML list of profiles, policies as rmw enum numbers
 * or, in metadata version 9, names) and as it is used when a bag's topic is played or recorded.
 */
public final class TopicQos {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  /** Types published with the sensor-data profile when a bag records no QoS. */
  private static final Set<String> SENSOR_TYPES = Set.of("sensor_msgs/msg/PointCloud2", "sensor_msgs/msg/Image",
      "sensor_msgs/msg/CompressedImage", "sensor_msgs/msg/CameraInfo", "sensor_msgs/msg/LaserScan",
      "sensor_msgs/msg/Imu", "sensor_msgs/msg/NavSatFix");

  private TopicQos() {}

  /** The QoS to publish TOPIC of TYPE with: the first recorded profile, else the default for the topic and type. */
  public static Qos forPlayback(String topic, String type, String offeredQosProfiles) {
    Qos fallback = defaultFor(topic, type);
    JsonNode profile = firstProfile(offeredQosProfiles);
    if (profile == null) return fallback;
    Qos.Reliability reliability = switch (policy(profile, "reliability")) {
      case "1", "reliable" -> Qos.Reliability.RELIABLE;
      case "2", "best_effort" -> Qos.Reliability.BEST_EFFORT;
      default -> fallback.reliability();
    };
    Qos.Durability durability = switch (policy(profile, "durability")) {
      case "1", "transient_local" -> Qos.Durability.TRANSIENT_LOCAL;
      case "2", "volatile" -> Qos.Durability.VOLATILE;
      default -> fallback.durability();
    };
    int depth = profile.path("depth").asInt(0);
    return new Qos(reliability, durability, depth > 0 ? depth : fallback.depth());
  }

  /** /tf_static reliable transient local, /tf reliable keep last 100, sensor types best effort, the rest reliable. */
  public static Qos defaultFor(String topic, String type) {
    if (topic.equals("/tf") || topic.equals("/tf_static")) return Qos.forInput(topic);
    return SENSOR_TYPES.contains(type) ? Qos.SENSOR_DATA : Qos.outputs();
  }

  /** QOS as one offered_qos_profiles entry in rosbag2's YAML (rmw enum numbers, infinite deadline and lifespan). */
  public static String offeredProfiles(Qos qos) {
    String infinite = "{sec: 2147483647, nsec: 4294967295}";
    return "- history: 1\n"
        + "  depth: " + qos.depth() + "\n"
        + "  reliability: " + (qos.reliability() == Qos.Reliability.RELIABLE ? 1 : 2) + "\n"
        + "  durability: " + (qos.durability() == Qos.Durability.TRANSIENT_LOCAL ? 1 : 2) + "\n"
        + "  deadline: " + infinite + "\n"
        + "  lifespan: " + infinite + "\n"
        + "  liveliness: 1\n"
        + "  liveliness_lease_duration: " + infinite + "\n"
        + "  avoid_ros_namespace_conventions: false\n";
  }

  private static JsonNode firstProfile(String yaml) {
    if (yaml == null || yaml.isBlank()) return null;
    try {
      JsonNode n = YAML.readTree(yaml);
      if (n != null && n.isArray() && n.size() > 0 && n.get(0).isObject()) return n.get(0);
    } catch (IOException e) {
      // an unreadable profile is treated as none recorded: the topic's default applies
    }
    return null;
  }

  private static String policy(JsonNode profile, String name) {
    return profile.path(name).asText("").toLowerCase(Locale.ROOT);
  }
}
