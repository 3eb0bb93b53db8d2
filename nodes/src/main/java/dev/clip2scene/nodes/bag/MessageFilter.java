package dev.clip2scene.nodes.bag;

import java.util.Set;

/**
 * Which messages to read: a set of topics (empty = all) and a closed log-time window in nanoseconds.
 */
public record MessageFilter(Set<String> topics, long startNs, long endNs) {
  public static final MessageFilter ALL = new MessageFilter(Set.of(), Long.MIN_VALUE, Long.MAX_VALUE);

  public MessageFilter {
    topics = Set.copyOf(topics);
    if (startNs > endNs) throw new IllegalArgumentException("start " + startNs + " is after end " + endNs);
  }

  public static MessageFilter ofTopics(Set<String> topics) {
    return new MessageFilter(topics, Long.MIN_VALUE, Long.MAX_VALUE);
  }

  public boolean acceptsTopic(String topic) {
    return topics.isEmpty() || topics.contains(topic);
  }

  public boolean acceptsTime(long t) {
    return t >= startNs && t <= endNs;
  }

  /** Whether a span [from, to] of log times can hold accepted messages. */
  public boolean overlaps(long from, long to) {
    return to >= startNs && from <= endNs;
  }
}
