package dev.clip2scene.nodes.transport;

import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded keep-latest hand-off between a DDS listener thread and a consumer: offering to a full queue drops
 * the oldest element (counted), so a slow consumer sees fresh data and memory stays bounded.
 */
public final class LatestQueue<T> {
  private final LinkedBlockingDeque<T> deque;
  private final AtomicLong dropped = new AtomicLong();

  public LatestQueue(int capacity) {
    if (capacity < 1) throw new IllegalArgumentException("queue capacity must be >= 1, got " + capacity);
    this.deque = new LinkedBlockingDeque<>(capacity);
  }

  /** Adds ITEM, dropping the oldest elements while the queue is full. Never blocks. */
  public void offer(T item) {
    while (!deque.offerLast(item)) {
      if (deque.pollFirst() != null) dropped.incrementAndGet();
    }
  }

  /** The oldest element, waiting up to TIMEOUT; null when none arrived. */
  public T poll(long timeout, TimeUnit unit) throws InterruptedException {
    return deque.pollFirst(timeout, unit);
  }

  public int size() {
    return deque.size();
  }

  /** Elements dropped because the consumer fell behind. */
  public long dropped() {
    return dropped.get();
  }
}
