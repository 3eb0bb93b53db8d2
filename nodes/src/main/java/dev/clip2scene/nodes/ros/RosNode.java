package dev.clip2scene.nodes.ros;

import dev.clip2scene.nodes.params.LiveParameters;
import dev.clip2scene.nodes.params.ParameterDeclaration;
import dev.clip2scene.nodes.params.ParameterTable;
import dev.clip2scene.nodes.params.ResolvedParameters;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The ROS face of a node on its {@link NodeTransport}: its presence in the graph, its clock
 * (use_sim_time and /clock), parameter services and /parameter_events, and /rosout. The node itself stays a plain
 * pipeline; it reads the time from {@link #clock()} and listens to its {@link #parameters()}.
 */
public final class RosNode implements AutoCloseable {
  /** Declared by every clip2scene node, as rclcpp declares it on every node. */
  public static final ParameterDeclaration USE_SIM_TIME = ParameterDeclaration.bool("use_sim_time", false,
      "stamp outputs with the time received on /clock (a bag played with --clock) instead of the system clock")
      .readOnly("chosen at start, when the node subscribes to /clock or not; restart the node to change it");

  private final RosNodeName name;
  private final LiveParameters parameters;
  private final RosClock clock;
  private final List<AutoCloseable> parts = new ArrayList<>();
  private ParameterServer parameterServer;

  private RosNode(NodeTransport transport, RosNodeName name, LiveParameters parameters) throws IOException {
    this.name = name;
    this.parameters = parameters;
    boolean sim = parameters.values().containsKey(USE_SIM_TIME.name()) && parameters.get(USE_SIM_TIME.name()).asBool();
    this.clock = sim ? RosClock.simulated(transport) : RosClock.system();
    parts.add(clock);
    try {
      parts.add(new Rosout(transport, name, clock));
      parameterServer = new ParameterServer(transport, name, parameters, clock);
      parts.add(parameterServer);
      // last: the announcement lists every endpoint opened above
      parts.add(transport.announce(name));
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Gives the node on TRANSPORT its ROS face, with the parameters resolved at start (which name it and its namespace). */
  public static RosNode start(NodeTransport transport, ResolvedParameters resolved) throws IOException {
    return new RosNode(transport, new RosNodeName(resolved.namespace(), resolved.nodeName()), new LiveParameters(resolved));
  }

  /** TABLE with {@link #USE_SIM_TIME} added where the node does not declare it itself. */
  public static ParameterTable withCommonParameters(ParameterTable table) {
    if (table.find(USE_SIM_TIME.name()).isPresent()) return table;
    List<ParameterDeclaration> all = new ArrayList<>(table.declarations());
    all.add(USE_SIM_TIME);
    return new ParameterTable(table.nodeName(), all);
  }

  public RosNodeName name() {
    return name;
  }

  public RosClock clock() {
    return clock;
  }

  public LiveParameters parameters() {
    return parameters;
  }

  /** Readers of /parameter_events that the node's writer has matched (it sends changes only to those). */
  public long parameterEventReaders() {
    return parameterServer.eventReaders();
  }

  @Override
  public void close() {
    for (int i = parts.size() - 1; i >= 0; i--) {
      try {
        parts.get(i).close();
      } catch (Exception e) {
        // close the others
      }
    }
    parts.clear();
  }
}
