package dev.clip2scene.rcljava;

import dev.clip2scene.msgs.rosidljava.RosidlJavaCodec;
import dev.clip2scene.nodes.transport.OversizedSampleException;
import dev.clip2scene.nodes.transport.Qos;
import dev.clip2scene.nodes.transport.RawPublisher;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.ros2.rcljava.interfaces.MessageDefinition;
import org.ros2.rcljava.publisher.Publisher;

/**
 * A {@link RawPublisher} on an rcljava publisher. SERIALIZED: the CDR goes to rcl as a serialized message (one copy,
 * {@link SerializedRcl}); otherwise it is converted to the generated class and published as that object. Samples
 * above the maximum sample size are refused, as on the DDS transport.
 */
final class RcljavaPublisher implements RawPublisher {
  private final RcljavaTransport owner;
  private final String topic;
  private final RosidlJavaCodec codec;
  private final boolean serialized;
  private final Publisher<MessageDefinition> publisher;
  private final boolean reliable;
  private final int maxBytes;
  private final AtomicLong published = new AtomicLong();
  /** Uses of the rcl handle (read) against its disposal (write): a timer may still publish while the node closes. */
  private final ReadWriteLock handle = new ReentrantReadWriteLock();
  private boolean open = true;

  @SuppressWarnings({"unchecked", "rawtypes"})
  RcljavaPublisher(RcljavaTransport owner, String topic, RosidlJavaCodec codec, boolean serialized, Qos qos, int maxBytes) {
    this.owner = owner;
    this.topic = topic;
    this.codec = codec;
    this.serialized = serialized;
    this.maxBytes = maxBytes;
    this.reliable = qos.reliability() == Qos.Reliability.RELIABLE;
    this.publisher = (Publisher) owner.node().createPublisher((Class) RcljavaTransport.messageClass(codec), topic,
        RcljavaTransport.qos(qos));
  }

  @Override
  public String topic() {
    return topic;
  }

  @Override
  public void publish(byte[] cdr, int length) throws IOException {
    if (length > maxBytes) throw new OversizedSampleException(topic, length, maxBytes);
    handle.readLock().lock();
    try {
      if (!open) throw new IOException(topic + ": publisher closed");
      if (serialized) {
        SerializedRcl.nativePublish(publisher.getHandle(), cdr, length);
      } else {
        publishObject(cdr, length);
      }
    } finally {
      handle.readLock().unlock();
    }
    published.incrementAndGet();
  }

  private void publishObject(byte[] cdr, int length) throws IOException {
    MessageDefinition message;
    try {
      message = (MessageDefinition) codec.decode(cdr, length);
    } catch (RuntimeException e) {
      throw new IOException(topic + ": a " + codec.rosType() + " sample of " + length + " bytes does not convert to "
          + codec.javaClass().getName() + ": " + e.getMessage(), e);
    }
    try {
      publisher.publish(message);
    } catch (RuntimeException e) {
      throw new IOException(topic + ": rcl did not publish: " + e.getMessage(), e);
    }
  }

  /**
   * Subscriptions matched, from rcl where serialized; otherwise subscriptions on the topic in the graph (rcljava does
   * not expose the matched count; QoS is not compared).
   */
  @Override
  public long matchedReaders() {
    handle.readLock().lock();
    try {
      if (!open) return 0;
      if (!serialized) return owner.node().getSubscriptionsInfo(topic).size();
      return SerializedRcl.nativeSubscriptionCount(publisher.getHandle());
    } catch (IOException e) {
      return 0;
    } finally {
      handle.readLock().unlock();
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
    handle.writeLock().lock();
    try {
      if (!open) return; // a second dispose would free the rcl handle twice
      open = false;
      owner.closed(this);
      owner.betweenSpins(() -> {
        publisher.dispose();
        return null;
      });
    } finally {
      handle.writeLock().unlock();
    }
  }
}
