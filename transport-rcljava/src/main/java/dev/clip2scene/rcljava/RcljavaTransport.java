package dev.clip2scene.rcljava;

import dev.clip2scene.msgs.ServiceTypes.RosServiceType;
import dev.clip2scene.msgs.rosidljava.RosidlJavaCodec;
import dev.clip2scene.nodes.ros.NodeTransport;
import dev.clip2scene.nodes.ros.RosNodeName;
import dev.clip2scene.nodes.transport.Qos;
import dev.clip2scene.nodes.transport.RawPublisher;
import dev.clip2scene.nodes.transport.RawSubscriber;
import dev.clip2scene.nodes.transport.ServiceServer;
import dev.clip2scene.nodes.transport.TransportOptions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.ros2.rcljava.RCLJava;
import org.ros2.rcljava.executors.SingleThreadedExecutor;
import org.ros2.rcljava.interfaces.MessageDefinition;
import org.ros2.rcljava.interfaces.ServiceDefinition;
import org.ros2.rcljava.node.ComposableNode;
import org.ros2.rcljava.node.Node;
import org.ros2.rcljava.node.NodeOptions;
import org.ros2.rcljava.qos.QoSProfile;
import org.ros2.rcljava.qos.policies.Durability;
import org.ros2.rcljava.qos.policies.History;
import org.ros2.rcljava.qos.policies.Reliability;
import org.ros2.rcljava.service.Service;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node as an rcl node through rcljava: the workspace's rmw and its configuration, the rcl graph. Topic samples
 * cross as serialized messages through {@link SerializedRcl} where its library loads; otherwise, and for services
 * always, as objects of rcljava's generated classes, converted once between them and CDR ({@link RosidlJavaCodec}),
 * which costs JNI a call per array element. One thread spins the node (services, the generated-object path);
 * entities are created and removed between spins (the executor's wait set holds their handles while it waits).
 */
final class RcljavaTransport implements NodeTransport {
  private static final Logger LOG = LoggerFactory.getLogger(RcljavaTransport.class);
  private static final long SPIN_WAIT_NS = TimeUnit.MILLISECONDS.toNanos(20);

  private final RosNodeName name;
  private final Node node;
  private final TransportOptions options;
  /** Why samples cross as generated objects rather than serialized, or empty when serialized. */
  private final Optional<String> notSerialized = SerializedRcl.unavailable();
  private final SingleThreadedExecutor executor = new SingleThreadedExecutor();
  private final ComposableNode composable;
  private final Object spinLock = new Object();
  private final Thread spinner;
  private final List<AutoCloseable> endpoints = new ArrayList<>();
  private volatile boolean running = true;

  /** OPTIONS: only the sample size limits apply (the rmw has its own configuration: domain, interfaces, QoS files). */
  RcljavaTransport(RosNodeName name, TransportOptions options) throws IOException {
    this.name = name;
    this.options = options;
    Optional<String> unavailable = Rcl.unavailable();
    if (unavailable.isPresent()) throw new IOException("transport rcljava: " + unavailable.get());
    try {
      node = RCLJava.createNode(name.name(), name.namespace(), RCLJava.getDefaultContext(), new NodeOptions());
    } catch (RuntimeException e) {
      throw new IOException("rcl refused node " + name + ": " + e.getMessage(), e);
    }
    composable = () -> node;
    executor.addNode(composable);
    spinner = new Thread(this::spin, "rcljava-spin" + name.fullyQualified().replace('/', '-'));
    spinner.setDaemon(true);
    spinner.start();
  }

  private void spin() {
    while (running) {
      try {
        synchronized (spinLock) {
          if (running) executor.spinOnce(SPIN_WAIT_NS);
        }
      } catch (RuntimeException e) {
        LOG.warn("{}: rcljava executor: {}", node.getName(), e.toString());
      }
      Thread.yield(); // let an entity creation waiting on the lock in
    }
  }

  Node node() {
    return node;
  }

  /** Runs ACTION on the node's entities with the executor between spins. */
  <T> T betweenSpins(java.util.function.Supplier<T> action) {
    synchronized (spinLock) {
      return action.get();
    }
  }

  @Override
  public String kind() {
    return "rcljava";
  }

  @Override
  public String describe() {
    return "rcljava over " + RCLJava.getRMWIdentifier() + " (node " + name.fullyQualified() + "), " + notSerialized.map(why -> "samples as generated message objects: " + why).orElse("serialized samples");
  }

  static QoSProfile qos(Qos q) {
    return new QoSProfile(History.KEEP_LAST, q.depth(),
        q.reliability() == Qos.Reliability.RELIABLE ? Reliability.RELIABLE : Reliability.BEST_EFFORT,
        q.durability() == Qos.Durability.TRANSIENT_LOCAL ? Durability.TRANSIENT_LOCAL : Durability.VOLATILE, false);
  }

  @SuppressWarnings("unchecked")
  static Class<? extends MessageDefinition> messageClass(RosidlJavaCodec codec) {
    return (Class<? extends MessageDefinition>) codec.javaClass();
  }

  private static RosidlJavaCodec codec(String rosType) throws IOException {
    try {
      return RosidlJavaCodec.of(rosType, RcljavaTransport.class.getClassLoader());
    } catch (IllegalArgumentException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  @Override
  public RawPublisher publisher(String rosTopic, String rosType, Qos qos) throws IOException {
    return track(newPublisher(rosTopic, rosType, qos));
  }

  @Override
  public RawPublisher asyncPublisher(String rosTopic, String rosType, Qos qos) throws IOException {
    return track(new QueuedPublisher(newPublisher(rosTopic, rosType, qos), qos.depth()));
  }

  private RawPublisher newPublisher(String rosTopic, String rosType, Qos qos) throws IOException {
    RosidlJavaCodec codec = codec(rosType);
    int max = options.maxSampleBytes(rosType);
    return betweenSpins(() -> new RcljavaPublisher(this, rosTopic, codec, notSerialized.isEmpty(), qos, max));
  }

  @Override
  public RawSubscriber subscriber(String rosTopic, String rosType, Qos qos, int queueDepth) throws IOException {
    RosidlJavaCodec codec = codec(rosType);
    int max = options.maxSampleBytes(rosType);
    if (notSerialized.isEmpty()) {
      IOException[] failed = new IOException[1];
      SerializedSubscriber s = betweenSpins(() -> {
        try {
          return new SerializedSubscriber(this, rosTopic, messageClass(codec), qos, queueDepth, max);
        } catch (IOException e) {
          failed[0] = e;
          return null;
        }
      });
      if (failed[0] != null) throw failed[0];
      return track(s);
    }
    return track(betweenSpins(() -> new RcljavaSubscriber(this, rosTopic, codec, qos, queueDepth, max)));
  }

  @Override
  public AutoCloseable serviceServer(String service, RosServiceType<?, ?> type, ServiceServer.Handler handler, Executor worker)
      throws IOException {
    RosidlJavaCodec request = codec(type.request().name());
    RosidlJavaCodec response = codec(type.response().name());
    Class<? extends ServiceDefinition> serviceClass;
    try {
      serviceClass = Class.forName(RosidlJavaCodec.javaClassName(type.name()), true, getClass().getClassLoader())
          .asSubclass(ServiceDefinition.class);
    } catch (ClassNotFoundException e) {
      throw new IOException("no generated Java class for service " + type.name() + " on the class path", e);
    }
    ServiceCall call = new ServiceCall(service, request, response, handler, worker);
    Service<?> created = betweenSpins(() -> {
      try {
        return node.createService(serviceClass, service, call, QoSProfile.SERVICES_DEFAULT);
      } catch (NoSuchFieldException | IllegalAccessException e) {
        throw new IllegalStateException("rcljava cannot serve " + service + ": " + e, e);
      }
    });
    AutoCloseable handle = new AutoCloseable() {
      private boolean open = true;

      @Override
      public synchronized void close() {
        if (!open) return;
        open = false;
        closed(this);
        betweenSpins(() -> {
          created.dispose();
          return null;
        });
      }
    };
    return track(handle);
  }

  @Override
  public AutoCloseable announce(RosNodeName name) {
    return () -> { }; // an rcl node is in the graph from its creation, with every endpoint it opens
  }

  private synchronized <T extends AutoCloseable> T track(T endpoint) {
    endpoints.add(endpoint);
    return endpoint;
  }

  synchronized void closed(AutoCloseable endpoint) {
    endpoints.remove(endpoint);
  }

  @Override
  public void close() {
    List<AutoCloseable> open;
    synchronized (this) {
      open = new ArrayList<>(endpoints);
    }
    for (int i = open.size() - 1; i >= 0; i--) {
      try {
        open.get(i).close();
      } catch (Exception e) {
        LOG.warn("{}: closing an endpoint: {}", node.getName(), e.toString());
      }
    }
    running = false;
    try {
      spinner.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (spinLock) {
      executor.removeNode(composable);
      node.dispose();
    }
  }
}
