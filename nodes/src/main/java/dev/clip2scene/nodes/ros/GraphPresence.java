package dev.clip2scene.nodes.ros;

import dev.clip2scene.msgs.MessageTypes;
import dev.clip2scene.msgs.rmw.Gid;
import dev.clip2scene.msgs.rmw.NodeEntitiesInfo;
import dev.clip2scene.msgs.rmw.ParticipantEntitiesInfo;
import dev.clip2scene.nodes.transport.DdsParticipant;
import dev.clip2scene.nodes.transport.Qos;
import dev.clip2scene.nodes.transport.RawPublisher;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a participant's node visible to ROS tools: rmw implementations learn node names only from the
 * ros_discovery_info topic, where each participant announces its gid and, per node, the gids of the node's readers
 * and writers. Republished (transient local, keep last 1, so late joiners get the latest) whenever the participant
 * opens or closes an endpoint.
 */
public final class GraphPresence implements AutoCloseable {
  public static final String TOPIC = "ros_discovery_info";
  private static final Logger LOG = LoggerFactory.getLogger(GraphPresence.class);
  private static final int MAX_BYTES = 1 << 20;

  private final DdsParticipant dds;
  private final RosNodeName node;
  private final RawPublisher writer;
  private final Gid ownGid;
  private volatile boolean closed;

  public GraphPresence(DdsParticipant dds, RosNodeName node) throws IOException {
    this.dds = dds;
    this.node = node;
    this.writer = dds.publisherOnDdsTopic(TOPIC, MessageTypes.PARTICIPANT_ENTITIES_INFO.name(), Qos.DISCOVERY_INFO, MAX_BYTES);
    List<Gid> writers = dds.writerGids();
    this.ownGid = writers.get(writers.size() - 1);
    dds.addGraphListener(this::publish);
    publish();
  }

  /** What this participant announces now. */
  public ParticipantEntitiesInfo info() {
    // the discovery writer belongs to the participant, not to the node (as in rmw)
    List<Gid> writers = dds.writerGids().stream().filter(g -> !g.equals(ownGid)).toList();
    return new ParticipantEntitiesInfo(dds.gid(), List.of(new NodeEntitiesInfo(node.namespace(), node.name(),
        dds.readerGids(), writers)));
  }

  private synchronized void publish() {
    if (closed || writer == null) return;
    try {
      writer.publish(MessageTypes.PARTICIPANT_ENTITIES_INFO.encode(info()));
    } catch (IOException | RuntimeException e) {
      LOG.warn("{}: could not announce the node on {}: {}", node, TOPIC, e.toString());
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    writer.close();
  }
}
