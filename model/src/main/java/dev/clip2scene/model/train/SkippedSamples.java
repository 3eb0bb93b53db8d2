package dev.clip2scene.model.train;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What was left out of training and why: whole samples, and parts of samples (a sweep, a camera image). Counts per
 * reason, with the first message of each reason (naming bag, topic and stamp) kept as an example. Thread-safe:
 * loader threads count while the trainer reads.
 */
public final class SkippedSamples {
  /** One reason's count and its first message. */
  public record Entry(long count, String example) {}

  private final Map<String, Entry> byReason = new LinkedHashMap<>();
  private final Consumer<String> firstOfReason;

  /** FIRST_OF_REASON hears the first message of each reason (to warn once, not per sample). */
  public SkippedSamples(Consumer<String> firstOfReason) {
    this.firstOfReason = firstOfReason;
  }

  public SkippedSamples() {
    this(m -> {});
  }

  /** Counts one case of REASON (a short fixed phrase); MESSAGE says what and where. */
  public void add(String reason, String message) {
    boolean first;
    synchronized (this) {
      Entry e = byReason.get(reason);
      first = e == null;
      byReason.put(reason, first ? new Entry(1, message) : new Entry(e.count() + 1, e.example()));
    }
    if (first) firstOfReason.accept(reason + ": " + message);
  }

  /** Adds another tally's counts (e.g. those recorded while a sample index was built). */
  public synchronized void addAll(Map<String, Entry> counts) {
    counts.forEach((reason, e) -> byReason.merge(reason, e, (a, b) -> new Entry(a.count() + b.count(), a.example())));
  }

  public synchronized Map<String, Entry> counts() {
    return new LinkedHashMap<>(byReason);
  }

  public synchronized long total() {
    return byReason.values().stream().mapToLong(Entry::count).sum();
  }

  /** Count per reason, for run summaries. */
  public synchronized Map<String, Long> summary() {
    Map<String, Long> out = new LinkedHashMap<>();
    byReason.forEach((k, v) -> out.put(k, v.count()));
    return out;
  }
}
