package dev.clip2scene.nodes.transport;

/**
 * The QoS a topic is offered or requested with. Explicit profiles only: the library's default (best effort,
 * depth 1) matches neither ROS 2's default nor the sensor-data profile.
 */
public record Qos(Reliability reliability, Durability durability, int depth) {
  public enum Reliability { RELIABLE, BEST_EFFORT }

  public enum Durability { VOLATILE, TRANSIENT_LOCAL }

  /** REP 2003 sensor data: best effort, keep last 5. */
  public static final Qos SENSOR_DATA = new Qos(Reliability.BEST_EFFORT, Durability.VOLATILE, 5);
  /** /tf: reliable, keep last 100. */
  public static final Qos TF = new Qos(Reliability.RELIABLE, Durability.VOLATILE, 100);
  /** /tf_static: reliable, transient local, keep last 1 (late joiners still get the static frames). */
  public static final Qos TF_STATIC = new Qos(Reliability.RELIABLE, Durability.TRANSIENT_LOCAL, 1);

  /** Service requests and replies (rmw_qos_profile_services_default): reliable, keep last 10. */
  public static final Qos SERVICES = new Qos(Reliability.RELIABLE, Durability.VOLATILE, 10);
  /** ros_discovery_info as rmw implementations write it: reliable, transient local, keep last 1. */
  public static final Qos DISCOVERY_INFO = new Qos(Reliability.RELIABLE, Durability.TRANSIENT_LOCAL, 1);
  /** /rosout as rcl writes it: reliable, transient local, keep last 1000. */
  public static final Qos ROSOUT = new Qos(Reliability.RELIABLE, Durability.TRANSIENT_LOCAL, 1000);
  /** /parameter_events as rclcpp writes it: reliable, keep last 1000. */
  public static final Qos PARAMETER_EVENTS = new Qos(Reliability.RELIABLE, Durability.VOLATILE, 1000);
  /** /clock (rclcpp's ClockQoS): best effort, keep last 1. */
  public static final Qos CLOCK = new Qos(Reliability.BEST_EFFORT, Durability.VOLATILE, 1);

  public Qos {
    if (reliability == null || durability == null) throw new IllegalArgumentException("QoS reliability and durability are required");
    if (depth < 1) throw new IllegalArgumentException("QoS history depth must be >= 1, got " + depth);
  }

  /** Outputs: reliable, keep last DEPTH (10 unless configured). */
  public static Qos outputs(int depth) {
    return new Qos(Reliability.RELIABLE, Durability.VOLATILE, depth);
  }

  public static Qos outputs() {
    return outputs(10);
  }

  /** The profile a well-known topic uses, SENSOR_DATA for anything else. */
  public static Qos forInput(String rosTopic) {
    return switch (rosTopic) {
      case "/tf" -> TF;
      case "/tf_static" -> TF_STATIC;
      default -> SENSOR_DATA;
    };
  }
}
