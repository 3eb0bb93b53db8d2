package dev.clip2scene.nodes.bag;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * How many messages something claims a file or bag holds (a total and/or counts per topic): an MCAP Statistics
 * record, an sqlite3 messages table counted without its index, metadata.yaml. A complete read is compared with
 * every claim, because damage a reader cannot see where it happens (a zeroed chunk without CRC, a row missing from
 * the timestamp index, a lost chunk index) shows up only as messages missing.
 *
 * @param source what makes the claim, e.g. "the Statistics record"
 * @param total the claimed total, or -1 when only per-topic counts are claimed
 * @param perTopic claimed counts by topic; empty when only a total is claimed
 */
public record MessageCounts(String source, long total, Map<String, Long> perTopic) {
  /** At most this many topics are named in one report. */
  private static final int TOPICS_SHOWN = 5;

  public MessageCounts {
    perTopic = Map.copyOf(perTopic);
  }

  /** The claims that apply to a read, looked up only once the read has ended (some cost a table scan). */
  @FunctionalInterface
  public interface Claims {
    List<MessageCounts> get() throws IOException;
  }

  /** Counts per topic of TOPICS. */
  public static Map<String, Long> byTopic(List<TopicInfo> topics) {
    Map<String, Long> m = new LinkedHashMap<>();
    for (TopicInfo t : topics) m.merge(t.name(), t.messageCount(), Long::sum);
    return m;
  }

  /**
   * How READ (counts by topic) differs from this claim for what FILTER selects, or null when it does not (or the
   * claim says nothing about it: a time window, or a topic filter against a bare total).
   */
  public String difference(Map<String, Long> read, MessageFilter filter) {
    if (filter.startNs() != Long.MIN_VALUE || filter.endNs() != Long.MAX_VALUE) return null;
    List<String> topics = new ArrayList<>();
    Set<String> names = new TreeSet<>(perTopic.keySet());
    names.addAll(read.keySet());
    long claimedSum = 0;
    long readSum = 0;
    for (String t : names) {
      if (!filter.acceptsTopic(t)) continue;
      long r = read.getOrDefault(t, 0L);
      readSum += r;
      if (perTopic.isEmpty()) continue;
      long c = perTopic.getOrDefault(t, 0L);
      claimedSum += c;
      if (c != r) topics.add(t + " " + c + " claimed, " + r + " read");
    }
    long claimed = filter.topics().isEmpty() && total >= 0 ? total : perTopic.isEmpty() ? -1 : claimedSum;
    if (claimed < 0 || (claimed == readSum && topics.isEmpty())) return null;
    String gap = claimed > readSum ? (claimed - readSum) + " missing" : (readSum - claimed) + " more than claimed";
    StringBuilder b = new StringBuilder(source + " claims " + claimed + " messages, " + readSum + " were read ("
        + gap);
    if (!topics.isEmpty()) {
      b.append(": ").append(String.join("; ", topics.subList(0, Math.min(TOPICS_SHOWN, topics.size()))));
      if (topics.size() > TOPICS_SHOWN) b.append("; ").append(topics.size() - TOPICS_SHOWN).append(" more topics");
    }
    return b.append(')').toString();
  }

  /**
   * CURSOR, counting what it yields; when it ends (not when it is closed early) the counts are compared with
   * CLAIMS and each difference is reported as damage of FILE, placed after the last message read. It tells where
   * each message lies when CURSOR does ({@link MessageLocator.LocatedCursor}; -1 otherwise).
   */
  public static MessageLocator.LocatedCursor compareAtEnd(MessageCursor cursor, MessageFilter filter, Path file, Claims claims,
      Consumer<BagFormatException> report) {
    return new MessageLocator.LocatedCursor() {
      private final Map<String, Long> read = new LinkedHashMap<>();
      private BagMessage last;
      private boolean ended;

      @Override
      public BagMessage next() throws IOException {
        BagMessage m = cursor.next();
        if (m != null) {
          read.merge(m.topic(), 1L, Long::sum);
          last = m;
        } else if (!ended) {
          ended = true;
          for (MessageCounts c : claims.get()) {
            String problem = c.difference(read, filter);
            if (problem != null) report.accept(new BagFormatException(file, position(last), -1, problem));
          }
        }
        return m;
      }

      @Override
      public long location() {
        return cursor instanceof MessageLocator.LocatedCursor l ? l.location() : -1;
      }

      @Override
      public void close() throws IOException {
        cursor.close();
      }
    };
  }

  /** Where a shortfall starts: after the last message that was read. */
  static String position(BagMessage last) {
    return last == null ? "before the first message" : "after the message of " + last.topic() + " at log time "
        + last.logTimeNs() + " ns";
  }
}
