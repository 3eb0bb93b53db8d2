package dev.clip2scene.nodes.ros;

import dev.clip2scene.nodes.transport.TransportOptions;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Picks a node's transport from its `transport` parameter: dds, rcljava (fails when it cannot load, saying why) or
 * auto (rcljava when it loads, else dds).
 */
public final class Transports {
  public static final String RCLJAVA = "rcljava";
  public static final String AUTO = "auto";
  public static final List<String> CHOICES = List.of(DdsTransport.KIND, RCLJAVA, AUTO);

  private Transports() {}

  /** The chosen transport and, when auto fell back to DDS, why rcljava was not used. */
  public record Opened(NodeTransport transport, Optional<String> fallbackReason) {}

  public static Opened open(String choice, RosNodeName node, TransportOptions options) throws IOException {
    return open(choice, node, options, ServiceLoader.load(NodeTransportProvider.class));
  }

  static Opened open(String choice, RosNodeName node, TransportOptions options, Iterable<NodeTransportProvider> found)
      throws IOException {
    if (!CHOICES.contains(choice)) throw new IllegalArgumentException("transport must be one of " + CHOICES + ", got '" + choice + "'");
    if (choice.equals(DdsTransport.KIND)) return new Opened(DdsTransport.open(node.name(), options), Optional.empty());
    String why = "the rcljava transport is not on the class path (build it with -P rcljava in a sourced ROS 2 workspace that has"
        + " ros2_java; README: 'rcljava transport')";
    for (NodeTransportProvider p : found) {
      if (!p.kind().equals(RCLJAVA)) continue;
      Optional<String> unavailable = p.unavailable();
      if (unavailable.isEmpty()) return new Opened(p.open(node, options), Optional.empty());
      why = unavailable.get();
    }
    if (choice.equals(RCLJAVA)) throw new IOException("transport rcljava: " + why);
    return new Opened(DdsTransport.open(node.name(), options), Optional.of(why));
  }
}
