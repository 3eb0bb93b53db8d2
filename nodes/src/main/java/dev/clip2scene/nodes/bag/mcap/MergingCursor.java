package dev.clip2scene.nodes.bag.mcap;

import dev.clip2scene.nodes.bag.BagFormatException;
import dev.clip2scene.nodes.bag.BagMessage;
import dev.clip2scene.nodes.bag.MessageLocator;
import java.io.IOException;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * Hands out the messages of one MCAP file in log-time order. Batches are loaded lazily: one is loaded only once the
 * earliest pending message is not earlier than the batch's start time, so only chunks overlapping in time are held
 * at once. Damage stops loading; what was loaded before it is still handed out, then the damage is reported.
 */
final class MergingCursor implements MessageLocator.LocatedCursor {
  private final BatchSource source;
  private final Consumer<BagFormatException> damage;
  private final PriorityQueue<MessageBatch> heap = new PriorityQueue<>();
  private boolean stopped;
  private long location = -1;

  MergingCursor(BatchSource source, Consumer<BagFormatException> damage) {
    this.source = source;
    this.damage = damage;
  }

  @Override
  public BagMessage next() throws IOException {
    while (true) {
      MessageBatch head = heap.peek();
      long headTime = head == null ? Long.MAX_VALUE : head.headTime();
      if (!stopped && loadIfDue(head == null, headTime)) continue;
      if (head == null) return null;
      heap.poll();
      location = head.seq();
      BagMessage m = head.take();
      if (!head.isEmpty()) heap.add(head);
      return m;
    }
  }

  /** Loads one batch when it may hold messages before HEAD_TIME; false when none is due. */
  private boolean loadIfDue(boolean heapEmpty, long headTime) throws IOException {
    try {
      long start = source.nextStart();
      if (start == Long.MAX_VALUE) {
        stopped = true;
        source.finish();
        return false;
      }
      if (!heapEmpty && start > headTime) return false;
      MessageBatch b = source.load();
      if (!b.isEmpty()) heap.add(b);
      return true;
    } catch (BagFormatException e) {
      stopped = true;
      damage.accept(e);
      return false;
    }
  }

  /** The file offset of the Chunk or Message record that held the message returned last. */
  @Override
  public long location() {
    return location;
  }

  @Override
  public void close() {
    heap.clear();
    stopped = true;
  }
}
