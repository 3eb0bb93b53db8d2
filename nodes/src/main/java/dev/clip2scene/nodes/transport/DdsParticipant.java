package dev.clip2scene.nodes.transport;

import com.eprosima.xmlschemas.fastrtps_profiles.DurabilityQosKindPolicyType;
import com.eprosima.xmlschemas.fastrtps_profiles.HistoryQosKindPolicyType;
import com.eprosima.xmlschemas.fastrtps_profiles.PublishModeQosKindPolicyType;
import com.eprosima.xmlschemas.fastrtps_profiles.ReliabilityQosKindPolicyType;
import com.eprosima.xmlschemas.fastrtps_profiles.TransportDescriptorType;
import jakarta.xml.bind.JAXBElement;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.xml.namespace.QName;
import us.ihmc.pubsub.Domain;
import us.ihmc.pubsub.DomainFactory;
import us.ihmc.pubsub.attributes.CommonAttributes;
import us.ihmc.pubsub.attributes.ParticipantProfile;
import us.ihmc.pubsub.attributes.PublisherAttributes;
import us.ihmc.pubsub.attributes.SubscriberAttributes;
import us.ihmc.pubsub.impl.fastRTPS.FastRTPSDomain;
import us.ihmc.pubsub.participant.Participant;

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
    RawCdrType type = RawCdrType.forRosType(rosType, options.maxSampleBytes());
    PublisherAttributes attrs = apply(PublisherAttributes.create(), rosTopic, type, qos).publishModeKind(mode);
    java.util.concurrent.atomic.AtomicLong matched = new java.util.concurrent.atomic.AtomicLong();
    RawPublisher p = new RawPublisher(rosTopic, domain, domain.createPublisher(participant, attrs, (pub, match) -> {
      if (match.getStatus() == us.ihmc.pubsub.common.MatchingInfo.MatchingStatus.MATCHED_MATCHING) {
        matched.incrementAndGet();
      } else {
        matched.decrementAndGet();
      }
    }), qos.reliability() == Qos.Reliability.RELIABLE, matched);
    endpoints.add(p);
    return p;
  }

  /**
   * A reader of ROS_TYPE samples on absolute ROS_TOPIC handing them to a keep-latest queue of QUEUE_DEPTH.
   */
  public RawSubscriber subscriber(String rosTopic, String rosType, Qos qos, int queueDepth) throws IOException {
    RawCdrType type = RawCdrType.forRosType(rosType, options.maxSampleBytes());
    SubscriberAttributes attrs = apply(SubscriberAttributes.create(), rosTopic, type, qos);
    ReaderMemoryPolicy.preallocated(attrs);
    RawSubscriber s = new RawSubscriber(rosTopic, queueDepth);
    s.attach(domain, domain.createSubscriber(participant, attrs, s.listener()));
    endpoints.add(s);
    return s;
  }

  private static <T extends CommonAttributes<T>> T apply(T attrs, String rosTopic, RawCdrType type, Qos qos) {
    return attrs.topicDataType(type)
        .topicName(RosNames.ddsTopic(rosTopic))
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
    domain.removeParticipant(participant);
  }
}
