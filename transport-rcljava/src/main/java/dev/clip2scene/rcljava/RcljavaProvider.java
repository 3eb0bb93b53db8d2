package dev.clip2scene.rcljava;

import dev.clip2scene.nodes.ros.NodeTransport;
import dev.clip2scene.nodes.ros.NodeTransportProvider;
import dev.clip2scene.nodes.ros.RosNodeName;
import dev.clip2scene.nodes.ros.Transports;
import dev.clip2scene.nodes.transport.TransportOptions;
import java.io.IOException;
import java.util.Optional;

/** Registers the rcljava transport with {@link Transports} (META-INF/services). */
public final class RcljavaProvider implements NodeTransportProvider {
  @Override
  public String kind() {
    return Transports.RCLJAVA;
  }

  @Override
  public Optional<String> unavailable() {
    return Rcl.unavailable();
  }

  @Override
  public NodeTransport open(RosNodeName node, TransportOptions options) throws IOException {
    return new RcljavaTransport(node, options);
  }
}
