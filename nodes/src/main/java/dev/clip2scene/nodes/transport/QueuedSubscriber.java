package dev.clip2scene.nodes.transport;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The part of a {@link RawSubscriber} every transport shares: the transport's threads hand each sample to a bounded
 * keep-latest queue and count what arrived and what was lost; the consumer polls the queue.
 */
public abstract class QueuedSubscriber implements RawSubscriber {
  private final String topic;
  private final LatestQueue<ReceivedSample> queue;
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong lost = new AtomicLong();

  protected QueuedSubscriber(String topic, int queueDepth) {
    this.topic = topic;
    this.queue = new LatestQueue<>(queueDepth);
  }

  /** Queues one sample (CDR, receive and source times in nanoseconds since the epoch). */
  protected final void deliver(byte[] cdr, long receiveTimeNanos, long sourceTimeNanos) {
    received.incrementAndGet();
    queue.offer(new ReceivedSample(topic, cdr, receiveTimeNanos, sourceTimeNanos));
  }

  /** Counts N more samples lost; returns the total. */
  protected final long countLost(long n) {
    return lost.addAndGet(n);
  }

  @Override
  public final String topic() {
    return topic;
  }

  @Override
  public final ReceivedSample poll(long timeout, TimeUnit unit) throws InterruptedException {
    return queue.poll(timeout, unit);
  }

  @Override
  public final long received() {
    return received.get();
  }

  @Override
  public final long lost() {
    return lost.get();
  }

  @Override
  public final long droppedStale() {
    return queue.dropped();
  }
}
