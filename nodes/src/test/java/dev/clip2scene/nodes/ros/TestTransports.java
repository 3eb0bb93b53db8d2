package dev.clip2scene.nodes.ros;

import dev.clip2scene.nodes.transport.TransportOptions;
import java.io.IOException;

/**
 * The transport the node tests put their nodes on: dds, or the one system property clip2scene.test.transport names
 * (the rcljava module runs this module's node tests with rcljava).
 */
public final class TestTransports {
  private TestTransports() {}

  public static String kind() {
    String k = System.getProperty("clip2scene.test.transport");
    return k == null || k.isBlank() ? DdsTransport.KIND : k.strip();
  }

  public static boolean isDds() {
    return kind().equals(DdsTransport.KIND);
  }

  /** A transport of {@link #kind()} for NODE; it fails rather than fall back. */
  public static NodeTransport open(RosNodeName node, TransportOptions options) throws IOException {
    return Transports.open(kind(), node, options).transport();
  }
}
