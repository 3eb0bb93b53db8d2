package dev.clip2scene.nodes.sim;

import dev.clip2scene.msgs.MessageTypes;
import dev.clip2scene.msgs.RosMessageType;
import dev.clip2scene.nodes.bag.MessageDefinition;
import dev.clip2scene.nodes.bag.TopicInfo;
import dev.clip2scene.nodes.transport.Qos;
import java.util.Locale;

/**
 * The topics a simulated bag holds: /tf, /tf_static, the LiDAR's points and, per camera, image_raw, camera_info
 * and the ground-truth labels image; plus {@value #LABEL_MAP}, naming the label ids.
 */
public final class SimTopics {
  public static final String TF = "/tf";
  public static final String TF_STATIC = "/tf_static";
  public static final String LABEL_MAP = "/ground_truth/label_map";

  private SimTopics() {}

  /** "/lidar_top/points" for frame LIDAR_TOP. */
  public static String points(String lidarFrame) {
    return "/" + lidarFrame.toLowerCase(Locale.ROOT) + "/points";
  }

  public static String image(String camera) {
    return "/" + camera.toLowerCase(Locale.ROOT) + "/image_raw";
  }

  public static String cameraInfo(String camera) {
    return "/" + camera.toLowerCase(Locale.ROOT) + "/camera_info";
  }

  /** The camera's per-pixel ground-truth class ids (mono8, 255 = no class). */
  public static String labels(String camera) {
    return "/" + camera.toLowerCase(Locale.ROOT) + "/labels";
  }

  static TopicInfo topic(String name, RosMessageType<?> type, Qos qos) {
    return new TopicInfo(name, type.name(), "cdr", qosYaml(qos), "", new MessageDefinition("ros2msg", type.schemaText()), 0);
  }

  static TopicInfo sensorTopic(String name, RosMessageType<?> type) {
    return topic(name, type, Qos.SENSOR_DATA);
  }

  static TopicInfo tf() {
    return topic(TF, MessageTypes.TF_MESSAGE, Qos.TF);
  }

  static TopicInfo tfStatic() {
    return topic(TF_STATIC, MessageTypes.TF_MESSAGE, Qos.TF_STATIC);
  }

  static TopicInfo labelMap() {
    return topic(LABEL_MAP, MessageTypes.LABEL_MAP, Qos.TF_STATIC);
  }

  /** The offered QoS as rosbag2 records it (rmw enum numbers: keep_last 1; reliable 1, best effort 2; transient local 1, volatile 2). */
  static String qosYaml(Qos qos) {
    String forever = "\n    sec: 9223372036\n    nsec: 854775807";
    return "- history: 1\n  depth: " + qos.depth()
        + "\n  reliability: " + (qos.reliability() == Qos.Reliability.RELIABLE ? 1 : 2)
        + "\n  durability: " + (qos.durability() == Qos.Durability.TRANSIENT_LOCAL ? 1 : 2)
        + "\n  deadline:" + forever + "\n  lifespan:" + forever + "\n  liveliness: 1\n  liveliness_lease_duration:"
        + forever + "\n  avoid_ros_namespace_conventions: false";
  }
}
