package dev.clip2scene.nodes.transport;

import com.eprosima.xmlschemas.fastrtps_profiles.DurabilityQosKindPolicyType;
import com.eprosima.xmlschemas.fastrtps_profiles.HistoryQosKindPolicyType;
import com.eprosima.xmlschemas.fastrtps_profiles.PublishModeQosKindPolicyType;
import com.eprosima.xmlschemas.fastrtps_profiles.ReliabilityQosKindPolicyType;
import com.eprosima.xmlschemas.fastrtps_profiles.TransportDescriptorType;
import jakarta.xml.bind.JAXBElement;
import java.io.IOException;
import dev.clip2scene.msgs.ServiceTypes.RosServiceType;
import dev.clip2scene.msgs.rmw.Gid;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import javax.xml.namespace.QName;
import us.ihmc.pubsub.Domain;
import us.ihmc.pubsub.DomainFactory;
import us.ihmc.pubsub.attributes.CommonAttributes;
import us.ihmc.pubsub.attributes.ParticipantProfile;
import us.ihmc.pubsub.attributes.PublisherAttributes;
import us.ihmc.pubsub.attributes.SubscriberAttributes;
import us.ihmc.pubsub.common.Guid;
import us.ihmc.pubsub.impl.fastRTPS.FastRTPSDomain;
import us.ihmc.pubsub.participant.Participant;
import us.ihmc.pubsub.publisher.Publisher;
import us.ihmc.pubsub.subscriber.Subscriber;

/**
 * One DDS domain participant (Fast-DDS through ihmc-pub-sub) that publishes and subscribes raw CDR under ROS
 * names. Closing it removes its readers and writers, then the participant.
 */
public final class DdsParticipant implements AutoCloseable {
  private static final String LOOPBACK = "127.0.0.1";
  /** Shared-memory segment: two 2 MB clouds in flight. */
  private static final long SHM_SEGMENT_BYTES = 8L << 20;

  private final Domain domain;
  private final Participant participant;
  private final TransportOptions options;
  private final List<AutoCloseable> endpoints = new ArrayList<>();
  private final Map<Object, Gid> readers = new LinkedHashMap<>();
  private final Map<Object, Gid> writers = new LinkedHashMap<>();
  private final List<Runnable> graphListeners = new CopyOnWriteArrayList<>();

  public DdsParticipant(String name, TransportOptions options) throws IOException {
    this.options = options;
    this.domain = DomainFactory.getDomain(DomainFactory.PubSubImplementation.FAST_RTPS);
    this.participant = domain.createParticipant(profile(name, options));
  }

  static ParticipantProfile profile(String name, TransportOptions options) {
    ParticipantProfile profile = ParticipantProfile.create().domainId(options.domainId()).name(name);
    profile.useBuiltinTransports(false);
    TransportDescriptorType udp = new TransportDescriptorType();
    udp.setTransportId("udp-" + UUID.randomUUID());
    udp.setType("UDPv4");
    udp.setSendBufferSize((long) options.socketBufferBytes());
    udp.setReceiveBufferSize((long) options.socketBufferBytes());
    if (options.loopbackOnly()) {
      TransportDescriptorType.InterfaceWhiteList only = new TransportDescriptorType.InterfaceWhiteList();
      only.getAddressOrInterface().add(
          new JAXBElement<>(new QName(FastRTPSDomain.FAST_DDS_XML_NAMESPACE, "address"), String.class, LOOPBACK));
      udp.setInterfaceWhiteList(only);
    }
    profile.addTransport(udp);
    if (options.sharedMemory()) {
      TransportDescriptorType shm = new TransportDescriptorType();
      shm.setTransportId("shm-" + UUID.randomUUID());
      shm.setType("SHM");
      shm.setSegmentSize(Math.max(SHM_SEGMENT_BYTES, 2L * options.maxSampleBytes()));
      profile.addTransport(shm);
    }
    return profile;
  }

  public TransportOptions options() {
    return options;
  }

  /** This participant's gid (its RTPS GUID), as rmw implementations announce it on ros_discovery_info. */
  public Gid gid() {
    return gid(participant.getGuid());
  }

  static Gid gid(Guid guid) {
    byte[] b = new byte[16];
    System.arraycopy(guid.getGuidPrefix().getValue(), 0, b, 0, 12);
    System.arraycopy(guid.getEntity().getValue(), 0, b, 12, 4);
    return Gid.ofGuid(b);
  }

  /** The gids of the readers open now, in creation order. */
  public synchronized List<Gid> readerGids() {
    return List.copyOf(readers.values());
  }

  /** The gids of the writers open now, in creation order. */
  public synchronized List<Gid> writerGids() {
    return List.copyOf(writers.values());
  }

  /** LISTENER runs (on the thread that made the change) each time a reader or writer is created or closed. */
  public void addGraphListener(Runnable listener) {
    graphListeners.add(listener);
  }

  void closed(Object endpoint) {
    boolean known;
    synchronized (this) {
      known = readers.remove(endpoint) != null | writers.remove(endpoint) != null;
    }
    if (known) for (Runnable l : graphListeners) l.run();
  }

  /**
   * Removes READER from the domain. ihmc's participant also lists every endpoint it ever created for statistics,
   * removed or not, and the participant object outlives its own removal: without dropping it from that list, each
   * endpoint's payload buffer (direct memory of its maximum sample size) would stay allocated for the life of the
   * process.
   */
  void remove(Subscriber<RawCdr> reader) {
    domain.removeSubscriber(reader);
    synchronized (participant) { // the list's owner mutates it under its own monitor
      participant.getAllSubscribersForStatistics().remove(reader);
    }
  }

  /** Removes WRITER from the domain and from the participant's statistics list, as {@link #remove(Subscriber)}. */
  void remove(Publisher writer) {
    domain.removePublisher(writer);
    synchronized (participant) {
      participant.getAllPublishersForStatistics().remove(writer);
    }
  }

  /** A writer of ROS_TYPE ("pkg/msg/Type") samples on absolute ROS_TOPIC; publish() sends before it returns. */
  public RawPublisher publisher(String rosTopic, String rosType, Qos qos) throws IOException {
    return publisher(rosTopic, rosType, qos, PublishModeQosKindPolicyType.SYNCHRONOUS);
  }

  /**
   * A writer whose publish() only hands the sample to DDS (one copy); a DDS thread then sends it, fragment by fragment
   * for a large sample. For big samples on a thread that has other work to do.
   */
  public RawPublisher asyncPublisher(String rosTopic, String rosType, Qos qos) throws IOException {
    return publisher(rosTopic, rosType, qos, PublishModeQosKindPolicyType.ASYNCHRONOUS);
  }

  private RawPublisher publisher(String rosTopic, String rosType, Qos qos, PublishModeQosKindPolicyType mode)
      throws IOException {
    return publisherOnDdsTopic(RosNames.ddsTopic(rosTopic), rosTopic, rosType, qos, mode, options.maxSampleBytes(rosType));
  }

  /**
   * A writer on a DDS topic outside the rt/ namespace of ROS topics (ros_discovery_info, rq/.../rr/... of services),
   * sending samples of up to MAX_BYTES.
   */
  public RawPublisher publisherOnDdsTopic(String ddsTopic, String rosType, Qos qos, int maxBytes) throws IOException {
    return publisherOnDdsTopic(ddsTopic, ddsTopic, rosType, qos, PublishModeQosKindPolicyType.SYNCHRONOUS, maxBytes);
  }

  private DdsPublisher publisherOnDdsTopic(String ddsTopic, String label, String rosType, Qos qos,
      PublishModeQosKindPolicyType mode, int maxBytes) throws IOException {
    RawCdrType type = RawCdrType.forRosType(rosType, maxBytes);
    PublisherAttributes attrs = apply(PublisherAttributes.create(), ddsTopic, type, qos).publishModeKind(mode);
    MatchedReaders matched = new MatchedReaders();
    DdsPublisher p = new DdsPublisher(label, domain.createPublisher(participant, attrs, matched),
        qos.reliability() == Qos.Reliability.RELIABLE, matched, this);
    track(p, gid(p.guid()), false);
    announce();
    return p;
  }

  private synchronized void track(AutoCloseable endpoint, Gid gid, boolean reader) {
    endpoints.add(endpoint);
    (reader ? readers : writers).put(endpoint, gid);
  }

  private void announce() {
    for (Runnable l : graphListeners) l.run();
  }

  /**
   * Serves SERVICE (absolute ROS name, e.g. /node/get_parameters) of TYPE: a reader on rq/SERVICERequest and a writer
   * on rr/SERVICEReply; HANDLER runs on EXECUTOR, one request at a time.
   */
  public ServiceServer serviceServer(String service, RosServiceType<?, ?> type, ServiceServer.Handler handler,
      Executor executor) throws IOException {
    String dds = RosNames.ddsTopic(service).substring(2);
    String replyTopic = "rr" + dds + "Reply";
    DdsPublisher replies = publisherOnDdsTopic(replyTopic, replyTopic, type.response().name(), Qos.SERVICES,
        PublishModeQosKindPolicyType.SYNCHRONOUS, ServiceServer.MAX_BYTES);
    RawCdrType requestType = RawCdrType.forRosType(type.request().name(), ServiceServer.MAX_BYTES);
    SubscriberAttributes attrs = apply(SubscriberAttributes.create(), "rq" + dds + "Request", requestType, Qos.SERVICES);
    ReaderMemoryPolicy.preallocated(attrs);
    ServiceServer server = new ServiceServer(service, replies, handler, executor);
    server.attach(domain.createSubscriber(participant, attrs, server.listener()), this);
    track(server, gid(server.guid()), true);
    announce();
    return server;
  }

  /**
   * A reader of ROS_TYPE samples on absolute ROS_TOPIC handing them to a keep-latest queue of QUEUE_DEPTH.
   */
  public RawSubscriber subscriber(String rosTopic, String rosType, Qos qos, int queueDepth) throws IOException {
    return subscriberOnDdsTopic(RosNames.ddsTopic(rosTopic), rosTopic, rosType, qos, queueDepth);
  }

  /** A reader on a DDS topic outside the rt/ namespace of ROS topics (ros_discovery_info, service topics). */
  public RawSubscriber subscriberOnDdsTopic(String ddsTopic, String rosType, Qos qos, int queueDepth) throws IOException {
    return subscriberOnDdsTopic(ddsTopic, ddsTopic, rosType, qos, queueDepth);
  }

  private RawSubscriber subscriberOnDdsTopic(String ddsTopic, String rosTopic, String rosType, Qos qos, int queueDepth)
      throws IOException {
    RawCdrType type = RawCdrType.forRosType(rosType, options.maxSampleBytes(rosType));
    SubscriberAttributes attrs = apply(SubscriberAttributes.create(), ddsTopic, type, qos);
    ReaderMemoryPolicy.preallocated(attrs);
    DdsSubscriber s = new DdsSubscriber(rosTopic, queueDepth, this);
    s.attach(domain.createSubscriber(participant, attrs, s.listener()));
    track(s, gid(s.guid()), true);
    announce();
    return s;
  }

  private static <T extends CommonAttributes<T>> T apply(T attrs, String ddsTopic, RawCdrType type, Qos qos) {
    return attrs.topicDataType(type)
        .topicName(ddsTopic)
        .reliabilityKind(qos.reliability() == Qos.Reliability.RELIABLE
            ? ReliabilityQosKindPolicyType.RELIABLE : ReliabilityQosKindPolicyType.BEST_EFFORT)
        .durabilityKind(qos.durability() == Qos.Durability.TRANSIENT_LOCAL
            ? DurabilityQosKindPolicyType.TRANSIENT_LOCAL : DurabilityQosKindPolicyType.VOLATILE)
        .historyQosPolicyKind(HistoryQosKindPolicyType.KEEP_LAST)
        .historyDepth(qos.depth());
  }

  @Override
  public void close() {
    for (int i = endpoints.size() - 1; i >= 0; i--) {
      try {
        endpoints.get(i).close();
      } catch (Exception e) {
        // keep removing the others; the participant removal below frees what remains
      }
    }
    endpoints.clear();
    synchronized (this) {
      readers.clear();
      writers.clear();
    }
    domain.removeParticipant(participant);
    synchronized (participant) {
      participant.getAllSubscribersForStatistics().clear();
      participant.getAllPublishersForStatistics().clear();
    }
  }
}
