package dev.clip2scene.nodes.ros;

import dev.clip2scene.msgs.ServiceTypes.RosServiceType;
import dev.clip2scene.nodes.transport.Qos;
import dev.clip2scene.nodes.transport.RawPublisher;
import dev.clip2scene.nodes.transport.RawSubscriber;
import dev.clip2scene.nodes.transport.ServiceServer;
import java.io.IOException;
import java.util.concurrent.Executor;

/**
 * How one node reaches the ROS graph: raw CDR topics under ROS names and QoS, services, and its presence in the
 * graph. {@link DdsTransport} speaks DDS itself; the rcljava transport (module transport-rcljava) goes through rcl,
 * with the workspace's rmw. Everything above it (parameters, /rosout, ROS time, the nodes) is the same on both.
 */
public interface NodeTransport extends AutoCloseable {
  /** "dds" or "rcljava". */
  String kind();

  /** What it runs on, for the startup log, e.g. "rcljava over rmw_cyclonedds_cpp". */
  String describe();

  /** A writer of ROS_TYPE ("pkg/msg/Type") samples on absolute ROS_TOPIC; publish() sends before it returns. */
  RawPublisher publisher(String rosTopic, String rosType, Qos qos) throws IOException;

  /** As {@link #publisher}, but publish() only queues the sample and another thread sends it: for megabyte samples. */
  RawPublisher asyncPublisher(String rosTopic, String rosType, Qos qos) throws IOException;

  /** A reader of ROS_TYPE samples on absolute ROS_TOPIC handing them to a keep-latest queue of QUEUE_DEPTH. */
  RawSubscriber subscriber(String rosTopic, String rosType, Qos qos, int queueDepth) throws IOException;

  /**
   * Serves SERVICE (absolute name, e.g. /node/get_parameters) of TYPE until the returned handle closes: HANDLER
   * answers each request (CDR in, CDR out) on EXECUTOR, one at a time.
   */
  AutoCloseable serviceServer(String service, RosServiceType<?, ?> type, ServiceServer.Handler handler, Executor executor)
      throws IOException;

  /** Makes NODE visible in the ROS graph with the endpoints opened so far, until the returned handle closes. */
  AutoCloseable announce(RosNodeName node) throws IOException;

  @Override
  void close();
}
