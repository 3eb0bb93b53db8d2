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
 * at once. Damage stops loading; what was loaded before it is still handed out, then the damage is reported. A
 * cursor that goes on past damage (over chunks listed in the summary, which read independently) reports each damaged
 * chunk and loads the next.
 */
final class MergingCursor implements MessageLocator.LocatedCursor {
  private final BatchSource source;
  private final Consumer<BagFormatException> damage;
  private final PriorityQueue<MessageBatch> heap = new PriorityQueue<>();
  private final boolean goOn;
  private boolean stopped;
  private long location = -1;

  MergingCursor(BatchSource source, Consumer<BagFormatException> damage) {
    this(source, damage, false);
  }

  /** GO_ON: report damage and go on with the next batch (only for sources whose batches read independently). */
  MergingCursor(BatchSource source, Consumer<BagFormatException> damage, boolean goOn) {
    this.source = source;
    this.damage = damage;
    this.goOn = goOn;
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
      if (b.damage() != null) {
        // the chunk's records ended in garbage: its messages before that are handed out, nothing after it is read
        stopped = !goOn;
        damage.accept(b.damage());
      }
      return true;
    } catch (BagFormatException e) {
      stopped = !goOn;
      damage.accept(e);
      return goOn;
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
