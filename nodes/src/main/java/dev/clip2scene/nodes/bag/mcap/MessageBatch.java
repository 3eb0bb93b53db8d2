package dev.clip2scene.nodes.bag.mcap;

import dev.clip2scene.nodes.bag.BagFormatException;
import dev.clip2scene.nodes.bag.BagMessage;
import java.util.Arrays;

/**
 * The accepted messages of one chunk (or one bare Message record), handed out in log-time order. Holds the chunk's
 * decompressed bytes until its last message is taken. A chunk that was damaged part-way still yields the messages
 * before the damage; the damage travels with the batch and is reported once the batch is loaded.
 */
final class MessageBatch implements Comparable<MessageBatch> {
  private final byte[] buf;
  private final long seq;
  private int[] start = new int[16];
  private int[] length = new int[16];
  private long[] time = new long[16];
  private ChannelTable.ChannelRef[] ref = new ChannelTable.ChannelRef[16];
  private int count;
  private int next;
  /** Message records met in the chunk, accepted by the filter or not (what its message indexes count). */
  private int seen;
  private long firstSeen = Long.MAX_VALUE;
  private long lastSeen = Long.MIN_VALUE;
  /** Why the walk through the chunk's records stopped early (null when it reached the end). */
  private String cut;
  private BagFormatException damage;

  /** SEQ orders batches of equal time by their place in the file. */
  MessageBatch(byte[] buf, long seq) {
    this.buf = buf;
    this.seq = seq;
  }

  /** Adds the Message record whose body is BUF[bodyStart, bodyStart + bodyLength). */
  void add(int bodyStart, int bodyLength, long logTime, ChannelTable.ChannelRef channel) {
    if (count == start.length) {
      int n = count * 2;
      start = Arrays.copyOf(start, n);
      length = Arrays.copyOf(length, n);
      time = Arrays.copyOf(time, n);
      ref = Arrays.copyOf(ref, n);
    }
    start[count] = bodyStart;
    length[count] = bodyLength;
    time[count] = logTime;
    ref[count] = channel;
    count++;
  }

  int size() {
    return count;
  }

  /** Where the batch's record starts in the file (its order among batches of equal time). */
  long seq() {
    return seq;
  }

  /** Counts a Message record of the chunk (log time LOGTIME), whether the filter accepts it or not. */
  void saw(long logTime) {
    seen++;
    firstSeen = Math.min(firstSeen, logTime);
    lastSeen = Math.max(lastSeen, logTime);
  }

  /** Earliest and latest log time of the Message records seen (MAX_VALUE / MIN_VALUE when none). */
  long firstSeen() {
    return firstSeen;
  }

  long lastSeen() {
    return lastSeen;
  }

  int messagesSeen() {
    return seen;
  }

  void cutShort(String problem) {
    cut = problem;
  }

  String cutShort() {
    return cut;
  }

  /**
   * Why the walk through the chunk's records stopped early, as damage naming file and record; null when it reached
   * the end. Reading cannot go on past such a chunk, but its messages before the damage are handed out.
   */
  BagFormatException damage() {
    return damage;
  }

  void damaged(BagFormatException e) {
    damage = e;
  }

  boolean isEmpty() {
    return next >= count;
  }

  /** Sorts the messages by log time, keeping file order among equal times (already sorted: no work). */
  MessageBatch sorted() {
    for (int i = 1; i < count; i++) {
      if (time[i] < time[i - 1]) {
        Integer[] order = new Integer[count];
        for (int k = 0; k < count; k++) order[k] = k;
        Arrays.sort(order, (a, b) -> time[a] != time[b] ? Long.compare(time[a], time[b]) : Integer.compare(a, b));
        int[] s = new int[count];
        int[] l = new int[count];
        long[] t = new long[count];
        ChannelTable.ChannelRef[] r = new ChannelTable.ChannelRef[count];
        for (int k = 0; k < count; k++) {
          s[k] = start[order[k]];
          l[k] = length[order[k]];
          t[k] = time[order[k]];
          r[k] = ref[order[k]];
        }
        start = s;
        length = l;
        time = t;
        ref = r;
        break;
      }
    }
    return this;
  }

  long headTime() {
    return time[next];
  }

  /** The next message; the Message body is channel_id u16, sequence u32, log_time u64, publish_time u64, data. */
  BagMessage take() {
    int i = next++;
    int s = start[i];
    long publish = Bytes.u64(buf, s + 14);
    byte[] data = Arrays.copyOfRange(buf, s + 22, s + length[i]);
    return new BagMessage(ref[i].topic(), ref[i].type(), time[i], publish, data);
  }

  @Override
  public int compareTo(MessageBatch o) {
    int c = Long.compare(headTime(), o.headTime());
    return c != 0 ? c : Long.compare(seq, o.seq);
  }
}
