package dev.clip2scene.nodes.ros;

import dev.clip2scene.msgs.MessageTypes;
import dev.clip2scene.msgs.RosMessageType;
import dev.clip2scene.msgs.ServiceTypes;
import dev.clip2scene.msgs.ServiceTypes.RosServiceType;
import dev.clip2scene.msgs.rcl.DescribeParameters;
import dev.clip2scene.msgs.rcl.GetParameterTypes;
import dev.clip2scene.msgs.rcl.GetParameters;
import dev.clip2scene.msgs.rcl.ListParameters;
import dev.clip2scene.msgs.rcl.ListParametersResult;
import dev.clip2scene.msgs.rcl.Parameter;
import dev.clip2scene.msgs.rcl.ParameterDescriptor;
import dev.clip2scene.msgs.rcl.ParameterEvent;
import dev.clip2scene.msgs.rcl.ParameterValueMsg;
import dev.clip2scene.msgs.rcl.SetParameters;
import dev.clip2scene.msgs.rcl.SetParametersAtomically;
import dev.clip2scene.msgs.rcl.SetParametersResult;
import dev.clip2scene.nodes.params.LiveParameters;
import dev.clip2scene.nodes.params.ParameterDeclaration;
import dev.clip2scene.nodes.params.ParameterValue;
import dev.clip2scene.nodes.transport.Qos;
import dev.clip2scene.nodes.transport.RawPublisher;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's parameter services (~/list_parameters, ~/get_parameters, ~/set_parameters, ~/set_parameters_atomically,
 * ~/describe_parameters, ~/get_parameter_types) over its {@link LiveParameters}, and /parameter_events: every
 * parameter as new when the node starts, then each accepted change. Requests are answered one at a time on one
 * thread, so a change and the event announcing it keep their order.
 */
public final class ParameterServer implements AutoCloseable {
  public static final String EVENTS_TOPIC = "/parameter_events";
  private static final Logger LOG = LoggerFactory.getLogger(ParameterServer.class);

  private final RosNodeName node;
  private final LiveParameters parameters;
  private final RosClock clock;
  private final ExecutorService worker;
  private final RawPublisher events;
  private final List<AutoCloseable> servers = new ArrayList<>();

  public ParameterServer(NodeTransport transport, RosNodeName node, LiveParameters parameters, RosClock clock)
      throws IOException {
    this.node = node;
    this.parameters = parameters;
    this.clock = clock;
    this.worker = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "parameter-services");
      t.setDaemon(true);
      return t;
    });
    try {
      events = transport.publisher(EVENTS_TOPIC, MessageTypes.PARAMETER_EVENT.name(), Qos.PARAMETER_EVENTS);
      serve(transport, "list_parameters", ServiceTypes.LIST_PARAMETERS, this::list);
      serve(transport, "get_parameters", ServiceTypes.GET_PARAMETERS, this::get);
      serve(transport, "set_parameters", ServiceTypes.SET_PARAMETERS, this::set);
      serve(transport, "set_parameters_atomically", ServiceTypes.SET_PARAMETERS_ATOMICALLY, this::setAtomically);
      serve(transport, "describe_parameters", ServiceTypes.DESCRIBE_PARAMETERS, this::describe);
      serve(transport, "get_parameter_types", ServiceTypes.GET_PARAMETER_TYPES, this::types);
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
    parameters.addListener(change -> publishEvent(List.of(), parameters(change.changed())));
    publishEvent(parameters(parameters.values()), List.of());
  }

  private <Q, R> void serve(NodeTransport transport, String name, RosServiceType<Q, R> type, Function<Q, R> answer)
      throws IOException {
    RosMessageType<Q> request = type.request();
    RosMessageType<R> response = type.response();
    servers.add(transport.serviceServer(node.fullyQualified() + "/" + name, type,
        cdr -> response.encode(answer.apply(request.decode(cdr))), worker));
  }

  /** Readers of /parameter_events this server's writer has matched. */
  long eventReaders() {
    return events.matchedReaders();
  }

  ListParameters.Response list(ListParameters.Request q) {
    List<String> names = new ArrayList<>();
    List<String> prefixes = new ArrayList<>();
    long depth = q.depth();
    for (String name : parameters.values().keySet()) {
      boolean all = q.prefixes().isEmpty() && (depth == 0 || dots(name) < depth);
      boolean underPrefix = q.prefixes().stream().anyMatch(p -> name.equals(p)
          || (name.startsWith(p + ".") && (depth == 0 || dots(name.substring(p.length() + 1)) < depth)));
      if (!all && !underPrefix) continue;
      names.add(name);
      int last = name.lastIndexOf('.');
      if (last > 0 && !prefixes.contains(name.substring(0, last))) prefixes.add(name.substring(0, last));
    }
    return new ListParameters.Response(new ListParametersResult(names, prefixes));
  }

  private static long dots(String s) {
    return s.chars().filter(c -> c == '.').count();
  }

  GetParameters.Response get(GetParameters.Request q) {
    Map<String, ParameterValue> values = parameters.values();
    return new GetParameters.Response(q.names().stream()
        .map(n -> values.containsKey(n) ? ParameterMessages.toMessage(values.get(n)) : ParameterValueMsg.UNSET).toList());
  }

  SetParameters.Response set(SetParameters.Request q) {
    List<SetParametersResult> results = new ArrayList<>();
    for (Parameter p : q.parameters()) {
      Map<String, ParameterValue> one = new LinkedHashMap<>();
      String refused = typed(p, one);
      results.add(refused != null ? new SetParametersResult(false, refused)
          : result(parameters.set(one, source()).get(0)));
    }
    return new SetParameters.Response(results);
  }

  SetParametersAtomically.Response setAtomically(SetParametersAtomically.Request q) {
    Map<String, ParameterValue> all = new LinkedHashMap<>();
    for (Parameter p : q.parameters()) {
      String refused = typed(p, all);
      if (refused != null) return new SetParametersAtomically.Response(new SetParametersResult(false, refused));
    }
    return new SetParametersAtomically.Response(result(parameters.setAtomically(all, source())));
  }

  /** Adds P's typed value to INTO; or the reason it cannot be set. */
  private String typed(Parameter p, Map<String, ParameterValue> into) {
    if (p.value().type() == ParameterValueMsg.NOT_SET) {
      return "parameter '" + p.name() + "' cannot be undeclared: " + node + " declares a fixed set of parameters";
    }
    try {
      into.put(p.name(), ParameterMessages.fromMessage(p.value()));
      return null;
    } catch (IllegalArgumentException e) {
      return "parameter '" + p.name() + "': " + e.getMessage();
    }
  }

  private String source() {
    return "the " + node + "/set_parameters service";
  }

  private static SetParametersResult result(LiveParameters.Result r) {
    return new SetParametersResult(r.successful(), r.reason());
  }

  DescribeParameters.Response describe(DescribeParameters.Request q) {
    return new DescribeParameters.Response(q.names().stream().map(n -> {
      Optional<ParameterDeclaration> d = parameters.table().find(n);
      return d.map(ParameterMessages::descriptor)
          .orElseGet(() -> new ParameterDescriptor(n, ParameterValueMsg.NOT_SET, "", "", false, false, List.of(), List.of()));
    }).toList());
  }

  GetParameterTypes.Response types(GetParameterTypes.Request q) {
    Map<String, ParameterValue> values = parameters.values();
    return new GetParameterTypes.Response(q.names().stream()
        .map(n -> values.containsKey(n) ? values.get(n).type().code() : ParameterValueMsg.NOT_SET).toList());
  }

  private static List<Parameter> parameters(Map<String, ParameterValue> values) {
    return values.entrySet().stream().map(e -> new Parameter(e.getKey(), ParameterMessages.toMessage(e.getValue()))).toList();
  }

  private void publishEvent(List<Parameter> added, List<Parameter> changed) {
    try {
      events.publish(MessageTypes.PARAMETER_EVENT.encode(new ParameterEvent(clock.now(), node.fullyQualified(), added,
          changed, List.of())));
    } catch (IOException | RuntimeException e) {
      LOG.warn("{}: could not publish on {}: {}", node, EVENTS_TOPIC, e.toString());
    }
  }

  @Override
  public void close() {
    for (AutoCloseable s : servers) {
      try {
        s.close();
      } catch (Exception e) {
        LOG.warn("{}: closing a parameter service: {}", node, e.toString());
      }
    }
    servers.clear();
    if (events != null) events.close();
    worker.shutdownNow();
  }
}
