package dev.clip2scene.rcljava;

import dev.clip2scene.nodes.transport.OversizedSampleException;
import dev.clip2scene.nodes.transport.Qos;
import dev.clip2scene.nodes.transport.RawPublisher;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.ros2.rcljava.interfaces.MessageDefinition;
import org.ros2.rcljava.publisher.Publisher;

/**
 * A {@link RawPublisher} on an rcljava publisher whose samples go out as serialized messages: the CDR is copied once
 * into rcl. Samples above the maximum sample size are refused, as on the DDS transport.
 */
final class SerializedPublisher implements RawPublisher {
  private final RcljavaTransport owner;
  private final String topic;
  private final Publisher<MessageDefinition> publisher;
  private final boolean reliable;
  private final int maxBytes;
  private final AtomicLong published = new AtomicLong();
  private final AtomicBoolean open = new AtomicBoolean(true);

  @SuppressWarnings({"unchecked", "rawtypes"})
  SerializedPublisher(RcljavaTransport owner, String topic, Class<? extends MessageDefinition> type, Qos qos, int maxBytes) {
    this.owner = owner;
    this.topic = topic;
    this.maxBytes = maxBytes;
    this.reliable = qos.reliability() == Qos.Reliability.RELIABLE;
    this.publisher = (Publisher) owner.node().createPublisher((Class) type, topic, RcljavaTransport.qos(qos));
  }

  @Override
  public String topic() {
    return topic;
  }

  @Override
  public void publish(byte[] cdr, int length) throws IOException {
    if (length > maxBytes) throw new OversizedSampleException(topic, length, maxBytes);
    if (!open.get()) throw new IOException(topic + ": publisher closed");
    SerializedRcl.nativePublish(publisher.getHandle(), cdr, length);
    published.incrementAndGet();
  }

  @Override
  public long matchedReaders() {
    try {
      return open.get() ? SerializedRcl.nativeSubscriptionCount(publisher.getHandle()) : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  /** rcljava exposes no acknowledgements: true at once for best effort, false (unknown) for a reliable writer. */
  @Override
  public boolean awaitAcknowledged(long timeoutMillis) {
    if (timeoutMillis < 0) throw new IllegalArgumentException("timeout must be >= 0 ms, got " + timeoutMillis);
    return !reliable;
  }

  @Override
  public long published() {
    return published.get();
  }

  @Override
  public void close() {
    if (!open.getAndSet(false)) return;
    owner.closed(this);
    owner.betweenSpins(() -> {
      publisher.dispose();
      return null;
    });
  }
}
