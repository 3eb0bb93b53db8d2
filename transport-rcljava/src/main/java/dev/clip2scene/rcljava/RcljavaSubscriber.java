package dev.clip2scene.rcljava;

import dev.clip2scene.msgs.rosidljava.RosidlJavaCodec;
import dev.clip2scene.nodes.transport.Qos;
import dev.clip2scene.nodes.transport.QueuedSubscriber;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.ros2.rcljava.interfaces.MessageDefinition;
import org.ros2.rcljava.subscription.Subscription;
import org.ros2.rcljava.subscription.statuses.MessageLost;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A raw subscriber on an rcljava subscription (the generated-object path): the spin thread converts each message
 * back to CDR and queues it. Messages the rmw reports lost (its message-lost event) and samples above the maximum
 * sample size count as lost. rcljava gives no message info, so the source time is the receive time.
 */
final class RcljavaSubscriber extends QueuedSubscriber {
  private static final Logger LOG = LoggerFactory.getLogger(RcljavaSubscriber.class);
  private final RcljavaTransport owner;
  private final RosidlJavaCodec codec;
  private final AtomicBoolean open = new AtomicBoolean(true);
  private final Subscription<MessageDefinition> subscription;
  private final int maxBytes;

  @SuppressWarnings({"unchecked", "rawtypes"})
  RcljavaSubscriber(RcljavaTransport owner, String topic, RosidlJavaCodec codec, Qos qos, int queueDepth, int maxBytes) {
    super(topic, queueDepth);
    this.maxBytes = maxBytes;
    this.owner = owner;
    this.codec = codec;
    org.ros2.rcljava.consumers.Consumer<MessageDefinition> onMessage = this::onMessage;
    this.subscription = (Subscription) owner.node().createSubscription((Class) RcljavaTransport.messageClass(codec), topic,
        (org.ros2.rcljava.consumers.Consumer) onMessage, RcljavaTransport.qos(qos));
    try {
      subscription.createEventHandler(MessageLost.factory, status -> {
        if (status.totalCountChange > 0) {
          LOG.warn("{}: the rmw lost {} message(s) ({} lost so far)", topic(), status.totalCountChange, countLost(status.totalCountChange));
        }
      });
    } catch (RuntimeException e) {
      LOG.debug("{}: no message-lost events from this rmw: {}", topic(), e.toString());
    }
  }

  private void onMessage(MessageDefinition message) {
    Instant now = Instant.now(); // before the conversion, which is the node's work as decoding is on DDS
    byte[] cdr;
    try {
      cdr = codec.encode(message);
    } catch (RuntimeException e) {
      LOG.warn("{}: dropped a {} that does not convert to CDR ({} lost so far): {}", topic(), codec.rosType(), countLost(1),
          e.getMessage());
      return;
    }
    if (cdr.length > maxBytes) {
      // rcl takes any size; the limit is the node's, kept as on the DDS transport
      LOG.warn("{}: dropped an oversized sample of {} bytes (maximum {}; {} lost so far)", topic(), cdr.length, maxBytes, countLost(1));
      return;
    }
    long ns = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    deliver(cdr, ns, ns);
  }

  /** Publishers on the topic in the graph (rcljava does not expose the matched count; QoS is not compared). */
  @Override
  public long matchedWriters() {
    return owner.node().getPublishersInfo(topic()).size();
  }

  @Override
  public void close() {
    if (!open.getAndSet(false)) return; // a second dispose would free the rcl handle twice
    owner.closed(this);
    owner.betweenSpins(() -> {
      subscription.dispose();
      return null;
    });
  }
}
