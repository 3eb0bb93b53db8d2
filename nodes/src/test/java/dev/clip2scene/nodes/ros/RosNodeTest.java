package dev.clip2scene.nodes.ros;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.clip2scene.msgs.MessageTypes;
import dev.clip2scene.msgs.RosMessageType;
import dev.clip2scene.msgs.ServiceTypes;
import dev.clip2scene.msgs.ServiceTypes.RosServiceType;
import dev.clip2scene.msgs.rcl.DescribeParameters;
import dev.clip2scene.msgs.rcl.GetParameterTypes;
import dev.clip2scene.msgs.rcl.GetParameters;
import dev.clip2scene.msgs.rcl.ListParameters;
import dev.clip2scene.msgs.rcl.Parameter;
import dev.clip2scene.msgs.rcl.ParameterDescriptor;
import dev.clip2scene.msgs.rcl.ParameterEvent;
import dev.clip2scene.msgs.rcl.ParameterValueMsg;
import dev.clip2scene.msgs.rcl.SetParameters;
import dev.clip2scene.msgs.rcl.SetParametersAtomically;
import dev.clip2scene.msgs.rmw.NodeEntitiesInfo;
import dev.clip2scene.msgs.rmw.ParticipantEntitiesInfo;
import dev.clip2scene.nodes.params.ParameterDeclaration;
import dev.clip2scene.nodes.params.ParameterTable;
import dev.clip2scene.nodes.params.RosArgs;
import dev.clip2scene.nodes.params.ParameterValue;
import dev.clip2scene.nodes.transport.DdsParticipant;
import dev.clip2scene.nodes.transport.Qos;
import dev.clip2scene.nodes.transport.RawPublisher;
import dev.clip2scene.nodes.transport.RawSubscriber;
import dev.clip2scene.nodes.transport.ReceivedSample;
import dev.clip2scene.nodes.transport.TestDomains;
import dev.clip2scene.nodes.transport.TransportOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A node's ROS face seen from another participant on loopback, as ROS tools see it: its entry on ros_discovery_info,
 * its parameter services answering requests in rmw_cyclonedds_cpp's form (the 16-byte request header echoed), and
 * /parameter_events after a change.
 */
class RosNodeTest {
  private static final long WAIT_S = 60;
  private static final ParameterTable TABLE = RosNode.withCommonParameters(new ParameterTable("test_node", List.of(
      ParameterDeclaration.integer("queue_depth", 2, "clouds waiting for the network").range(1, 100).live(),
      ParameterDeclaration.string("mode", "fast", "how hard to try").choices("fast", "careful").live(),
      ParameterDeclaration.reals("crop.box", List.of(-1.0, 1.0), "bounds").sizes(2).live(),
      ParameterDeclaration.string("model", "", "model folder"))));

  private static TransportOptions options;
  private static NodeTransport server;
  private static DdsParticipant client;
  private static RosNode node;
  private static final AtomicLong sequence = new AtomicLong(40);

  @BeforeAll
  static void start() throws Exception {
    TransportOptions t = TransportOptions.loopback(TestDomains.random());
    options = t;
    server = TestTransports.open(new RosNodeName("/robot", "test_node"), t);
    node = RosNode.start(server, TABLE.resolve(RosArgs.parse("--ros-args", "-r", "__ns:=/robot", "-p", "queue_depth:=3")));
    client = new DdsParticipant("test_client", t);
  }

  @AfterAll
  static void stop() {
    if (node != null) node.close();
    if (server != null) server.close();
    if (client != null) client.close();
  }

  @Test
  void theNodeIsAnnouncedWithItsReadersAndWriters() throws Exception {
    assumeTrue(TestTransports.isDds(), "an rcl node is announced by its rmw");
    DdsParticipant server = ((DdsTransport) RosNodeTest.server).participant();
    RawSubscriber info = client.subscriberOnDdsTopic("ros_discovery_info", MessageTypes.PARTICIPANT_ENTITIES_INFO.name(),
        Qos.DISCOVERY_INFO, 4);
    ReceivedSample s = info.poll(WAIT_S, TimeUnit.SECONDS);
    assertNotNull(s, "no ros_discovery_info within " + WAIT_S + " s");
    ParticipantEntitiesInfo p = MessageTypes.PARTICIPANT_ENTITIES_INFO.decode(s.cdr());
    assertEquals(server.gid(), p.gid());
    NodeEntitiesInfo n = p.nodeEntitiesInfoSeq().get(0);
    assertEquals("/robot", n.nodeNamespace());
    assertEquals("test_node", n.nodeName());
    // six service readers; writers: six service writers, /rosout, /parameter_events (not the discovery writer)
    assertEquals(server.readerGids(), n.readerGidSeq());
    assertEquals(6, n.readerGidSeq().size());
    assertEquals(8, n.writerGidSeq().size());
    assertTrue(server.writerGids().containsAll(n.writerGidSeq()));
  }

  @Test
  void parameterServicesAnswerInCyclonesRequestForm() throws Exception {
    ListParameters.Response listed = call("list_parameters", ServiceTypes.LIST_PARAMETERS,
        new ListParameters.Request(List.of(), 0));
    assertEquals(List.of("queue_depth", "mode", "crop.box", "model", "use_sim_time"), listed.result().names());
    assertEquals(List.of("crop"), listed.result().prefixes());

    GetParameters.Response got = call("get_parameters", ServiceTypes.GET_PARAMETERS,
        new GetParameters.Request(List.of("queue_depth", "nope")));
    assertEquals(ParameterValueMsg.ofInteger(3), got.values().get(0));
    assertEquals(ParameterValueMsg.NOT_SET, got.values().get(1).type());

    DescribeParameters.Response described = call("describe_parameters", ServiceTypes.DESCRIBE_PARAMETERS,
        new DescribeParameters.Request(List.of("queue_depth", "mode", "model")));
    ParameterDescriptor depth = described.descriptors().get(0);
    assertEquals(2, depth.type());
    assertEquals(1, depth.integerRange().get(0).fromValue());
    assertEquals(100, depth.integerRange().get(0).toValue());
    assertFalse(depth.readOnly());
    assertEquals("one of fast, careful", described.descriptors().get(1).additionalConstraints());
    assertTrue(described.descriptors().get(2).readOnly());

    GetParameterTypes.Response types = call("get_parameter_types", ServiceTypes.GET_PARAMETER_TYPES,
        new GetParameterTypes.Request(List.of("crop.box", "use_sim_time")));
    assertEquals(List.of(8, 1), types.types());
  }

  @Test
  void setChangesLiveParametersRefusesTheRestAndAnnouncesTheChange() throws Exception {
    RawSubscriber events = client.subscriber("/parameter_events", MessageTypes.PARAMETER_EVENT.name(), Qos.PARAMETER_EVENTS, 16);
    // volatile: a change reaches only the readers the node's writer has matched
    long matchBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_S);
    while ((events.matchedWriters() == 0 || node.parameterEventReaders() == 0) && System.nanoTime() < matchBy) Thread.sleep(10);
    SetParameters.Response r = call("set_parameters", ServiceTypes.SET_PARAMETERS, new SetParameters.Request(List.of(
        new Parameter("mode", ParameterValueMsg.ofString("careful")),
        new Parameter("queue_depth", ParameterValueMsg.ofInteger(500)),
        new Parameter("model", ParameterValueMsg.ofString("/elsewhere")))));
    assertTrue(r.results().get(0).successful(), r.results().get(0).reason());
    assertFalse(r.results().get(1).successful());
    assertTrue(r.results().get(1).reason().contains("[1, 100]"), r.results().get(1).reason());
    assertFalse(r.results().get(2).successful());
    assertTrue(r.results().get(2).reason().contains("read-only"), r.results().get(2).reason());
    assertEquals(ParameterValue.of("careful"), node.parameters().get("mode"));

    SetParametersAtomically.Response atomic = call("set_parameters_atomically", ServiceTypes.SET_PARAMETERS_ATOMICALLY,
        new SetParametersAtomically.Request(List.of(new Parameter("queue_depth", ParameterValueMsg.ofInteger(7)),
            new Parameter("crop.box", ParameterValueMsg.ofDoubles(new double[] {1, 2, 3})))));
    assertFalse(atomic.result().successful());
    assertEquals(3, node.parameters().get("queue_depth").asLong(), "nothing set when one of them is refused");

    ParameterEvent changed = null;
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_S);
    while (changed == null && System.nanoTime() < end) {
      ReceivedSample s = events.poll(1, TimeUnit.SECONDS);
      if (s == null) continue;
      ParameterEvent e = MessageTypes.PARAMETER_EVENT.decode(s.cdr());
      if (!e.changedParameters().isEmpty()) changed = e;
    }
    assertNotNull(changed, "no change on /parameter_events within " + WAIT_S + " s");
    assertEquals("/robot/test_node", changed.node());
    assertEquals(List.of(new Parameter("mode", ParameterValueMsg.ofString("careful"))), changed.changedParameters());
  }

  @Test
  void rosoutCarriesTheProcesssLogLinesUnderTheNodesName() throws Exception {
    try (RawSubscriber rosout = client.subscriber(Rosout.TOPIC, MessageTypes.LOG.name(), Qos.ROSOUT, 1000)) {
      String marker = "rosout check " + System.nanoTime();
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_S);
      long nextLine = 0;
      while (System.nanoTime() < end) {
        // volatile for a late reader's first lines: log again until one arrives
        if (System.nanoTime() > nextLine) {
          org.slf4j.LoggerFactory.getLogger("dev.clip2scene.test").info(marker);
          nextLine = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
        }
        ReceivedSample s = rosout.poll(100, TimeUnit.MILLISECONDS);
        if (s == null) continue;
        dev.clip2scene.msgs.rcl.Log log = MessageTypes.LOG.decode(s.cdr());
        if (!log.msg().equals(marker)) continue;
        assertEquals(dev.clip2scene.msgs.rcl.Log.INFO, log.level());
        assertEquals("robot.test_node", log.name());
        assertEquals("dev.clip2scene.test", log.function());
        return;
      }
      throw new AssertionError("no /rosout line '" + marker + "' within " + WAIT_S + " s");
    }
  }

  @Test
  void underUseSimTimeTheNodesClockFollowsClock() throws Exception {
    ParameterTable table = RosNode.withCommonParameters(new ParameterTable("sim_node", List.of()));
    try (NodeTransport transport = TestTransports.open(new RosNodeName("/", "sim_node"), options);
        RosNode sim = RosNode.start(transport, table.resolve(RosArgs.parse("--ros-args", "-p", "use_sim_time:=true")));
        RawPublisher clock = client.publisher(RosClock.TOPIC, MessageTypes.CLOCK.name(), Qos.CLOCK)) {
      assertTrue(sim.clock().isSimulated());
      assertEquals(0, sim.clock().nowNanos(), "zero until the first /clock, as in rclcpp");
      long t0 = 1_700_000_123_456_789_000L;
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_S);
      while (sim.clock().nowNanos() != t0 && System.nanoTime() < end) {
        clock.publish(MessageTypes.CLOCK.encode(new dev.clip2scene.msgs.rosgraph.Clock(dev.clip2scene.msgs.builtin.Time.ofNanos(t0))));
        Thread.sleep(50);
      }
      assertEquals(t0, sim.clock().nowNanos(), "the node's ROS time did not follow /clock within " + WAIT_S + " s");
    }
  }

  /** One call as rmw_cyclonedds_cpp's client makes it: {client id, sequence number} before the request's fields. */
  private static <Q, R> R call(String service, RosServiceType<Q, R> type, Q request) throws Exception {
    String name = "/robot/test_node/" + service;
    RawSubscriber replies = client.subscriberOnDdsTopic("rr" + name + "Reply", type.response().name(), Qos.SERVICES, 8);
    RawPublisher requests = client.publisherOnDdsTopic("rq" + name + "Request", type.request().name(), Qos.SERVICES, 1 << 20);
    try {
      long clientId = 0x0123456789abcdefL;
      long seq = sequence.incrementAndGet();
      byte[] body = type.request().encode(request);
      byte[] payload = ByteBuffer.allocate(body.length + 16).order(ByteOrder.LITTLE_ENDIAN).put(body, 0, 4)
          .putLong(clientId).putLong(seq).put(body, 4, body.length - 4).array();
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_S);
      // volatile topics: resend until the server has matched us and answered
      while (System.nanoTime() < end) {
        requests.publish(payload);
        ReceivedSample s = replies.poll(500, TimeUnit.MILLISECONDS);
        if (s == null) continue;
        ByteBuffer in = ByteBuffer.wrap(s.cdr()).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(clientId, in.getLong(4), "client id echoed");
        if (in.getLong(12) != seq) continue;
        byte[] reply = new byte[s.cdr().length - 16];
        System.arraycopy(s.cdr(), 0, reply, 0, 4);
        System.arraycopy(s.cdr(), 20, reply, 4, reply.length - 4);
        return decode(type.response(), reply);
      }
      throw new AssertionError("no reply from " + name + " within " + WAIT_S + " s");
    } finally {
      requests.close();
      replies.close();
    }
  }

  private static <R> R decode(RosMessageType<R> type, byte[] cdr) {
    return type.decode(cdr);
  }
}
