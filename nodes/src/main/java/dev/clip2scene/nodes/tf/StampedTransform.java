package dev.clip2scene.nodes.tf;

import dev.clip2scene.model.geometry.RigidTransform;
import java.util.Objects;

/**
 * One tf edge at one time (geometry_msgs/TransformStamped without the message): the pose of CHILD in PARENT, so
 * TRANSFORM maps points from CHILD into PARENT. Frame names lose a leading '/' (tf2 does the same).
 */
public record StampedTransform(String parent, String child, long stampNs, RigidTransform transform) {
  public StampedTransform {
    parent = frameName(parent, "parent");
    child = frameName(child, "child");
    Objects.requireNonNull(transform, "transform");
    if (parent.equals(child)) throw new IllegalArgumentException("frame '" + child + "' cannot be its own parent");
  }

  static String frameName(String name, String role) {
    Objects.requireNonNull(name, role + " frame");
    String n = name.startsWith("/") ? name.substring(1) : name;
    if (n.isEmpty()) throw new IllegalArgumentException("empty " + role + " frame id");
    return n;
  }
}
