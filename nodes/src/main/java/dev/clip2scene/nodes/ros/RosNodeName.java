package dev.clip2scene.nodes.ros;

/**
 * A node's name and namespace as ROS tools show them: NAMESPACE is "/" or "/a/b", NAME has no slash; the fully
 * qualified name is "/name" or "/a/b/name".
 */
public record RosNodeName(String namespace, String name) {
  public RosNodeName {
    if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_]*")) throw new IllegalArgumentException("bad node name '" + name + "'");
    if (namespace == null || namespace.isEmpty()) namespace = "/";
    if (!namespace.matches("/|(/[A-Za-z_][A-Za-z0-9_]*)+")) throw new IllegalArgumentException("bad node namespace '" + namespace + "'");
  }

  public String fullyQualified() {
    return namespace.equals("/") ? "/" + name : namespace + "/" + name;
  }

  @Override
  public String toString() {
    return fullyQualified();
  }
}
