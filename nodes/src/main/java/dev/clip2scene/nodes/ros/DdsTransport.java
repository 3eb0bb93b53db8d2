package dev.clip2scene.nodes.ros;

import dev.clip2scene.msgs.ServiceTypes.RosServiceType;
import dev.clip2scene.nodes.transport.DdsParticipant;
import dev.clip2scene.nodes.transport.Qos;
import dev.clip2scene.nodes.transport.RawPublisher;
import dev.clip2scene.nodes.transport.RawSubscriber;
import dev.clip2scene.nodes.transport.ServiceServer;
import dev.clip2scene.nodes.transport.TransportOptions;
import java.io.IOException;
import java.util.concurrent.Executor;

/** The transport that needs no ROS install: a DDS participant of its own (Fast-DDS through ihmc-pub-sub). */
public final class DdsTransport implements NodeTransport {
  public static final String KIND = "dds";
  private final DdsParticipant dds;
  private final boolean owned;

  private DdsTransport(DdsParticipant dds, boolean owned) {
    this.dds = dds;
    this.owned = owned;
  }

  /** A participant named NAME, closed with this transport. */
  public static DdsTransport open(String name, TransportOptions options) throws IOException {
    return new DdsTransport(new DdsParticipant(name, options), true);
  }

  /** A view of DDS, which stays open when this transport closes. */
  public static DdsTransport over(DdsParticipant dds) {
    return new DdsTransport(dds, false);
  }

  public DdsParticipant participant() {
    return dds;
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public String describe() {
    return "dds (Fast-DDS through ihmc-pub-sub" + (dds.options().loopbackOnly() ? ", loopback only" : "") + ")";
  }

  @Override
  public RawPublisher publisher(String rosTopic, String rosType, Qos qos) throws IOException {
    return dds.publisher(rosTopic, rosType, qos);
  }

  @Override
  public RawPublisher asyncPublisher(String rosTopic, String rosType, Qos qos) throws IOException {
    return dds.asyncPublisher(rosTopic, rosType, qos);
  }

  @Override
  public RawSubscriber subscriber(String rosTopic, String rosType, Qos qos, int queueDepth) throws IOException {
    return dds.subscriber(rosTopic, rosType, qos, queueDepth);
  }

  @Override
  public AutoCloseable serviceServer(String service, RosServiceType<?, ?> type, ServiceServer.Handler handler,
      Executor executor) throws IOException {
    return dds.serviceServer(service, type, handler, executor);
  }

  @Override
  public AutoCloseable announce(RosNodeName node) throws IOException {
    return new GraphPresence(dds, node);
  }

  @Override
  public void close() {
    if (owned) dds.close();
  }
}
