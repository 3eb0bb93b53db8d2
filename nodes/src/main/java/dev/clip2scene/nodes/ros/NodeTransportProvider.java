package dev.clip2scene.nodes.ros;

import dev.clip2scene.nodes.transport.TransportOptions;
import java.io.IOException;
import java.util.Optional;

/**
 * A transport found on the class path through {@link java.util.ServiceLoader} (the rcljava module registers one),
 * so that the nodes module needs nothing from ROS to build.
 */
public interface NodeTransportProvider {
  /** The value of the transport parameter that picks it, e.g. "rcljava". */
  String kind();

  /** Why it cannot run in this process (classes or native libraries missing), or empty when it can. */
  Optional<String> unavailable();

  /** A transport for NODE; OPTIONS are the DDS transport's and may be ignored. */
  NodeTransport open(RosNodeName node, TransportOptions options) throws IOException;
}
