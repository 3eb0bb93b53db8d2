package dev.clip2scene.nodes.bag.live;

import dev.clip2scene.nodes.bag.BagMessage;
import dev.clip2scene.nodes.bag.BagFormatException;
import dev.clip2scene.nodes.bag.BagReader;
import dev.clip2scene.nodes.bag.MessageCursor;
import dev.clip2scene.nodes.bag.MessageFilter;
import dev.clip2scene.nodes.bag.TopicInfo;
import dev.clip2scene.nodes.transport.DdsParticipant;
import dev.clip2scene.nodes.transport.Qos;
import dev.clip2scene.nodes.transport.RawPublisher;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a bag's messages on DDS with their original timing (log-time gaps divided by the rate) and the QoS the
 * bag recorded for each topic (see {@link TopicQos}). Messages are streamed from the bag, one at a time.
 */
public final class BagPlayer {
  private static final Logger LOG = LoggerFactory.getLogger(BagPlayer.class);

  /**
   * @param rate speed factor (2 = twice as fast)
   * @param loop start again at the end, until stopped
   * @param topics topics to play (empty = all)
   * @param startOffsetS skip the bag's first seconds
   * @param delayS wait this long after creating the publishers (discovery) before the first message
   * @param remaps topic renames (bag topic -> published topic)
   * @param ackTimeoutS at the end, wait up to this long for reliable subscribers to acknowledge every message
   *     (negative: do not wait; infinite: until they have, or until stopped)
   * @param waitForSubscribersS before the delay, wait up to this long until every topic played has a subscriber (its
   *     writer has matched a reader; 0: do not wait), like ROS 1's rosbag play --wait-for-subscribers
   */
  public record Options(double rate, boolean loop, Set<String> topics, double startOffsetS, double delayS,
      Map<String, String> remaps, double ackTimeoutS, double waitForSubscribersS) {
    public static final double DEFAULT_ACK_TIMEOUT_S = 3.0;

    public Options {
      if (!(rate > 0) || Double.isInfinite(rate)) throw new IllegalArgumentException("rate must be > 0, got " + rate);
      if (!(startOffsetS >= 0)) throw new IllegalArgumentException("start offset must be >= 0 s, got " + startOffsetS);
      if (!(delayS >= 0)) throw new IllegalArgumentException("delay must be >= 0 s, got " + delayS);
      if (Double.isNaN(ackTimeoutS)) throw new IllegalArgumentException("acknowledgement timeout is NaN");
      if (!(waitForSubscribersS >= 0)) throw new IllegalArgumentException("subscriber wait must be >= 0 s, got " + waitForSubscribersS);
      topics = Set.copyOf(topics);
      remaps = Map.copyOf(remaps);
    }

    public Options(double rate, boolean loop, Set<String> topics, double startOffsetS, double delayS, Map<String, String> remaps,
        double ackTimeoutS) {
      this(rate, loop, topics, startOffsetS, delayS, remaps, ackTimeoutS, 0);
    }

    public Options(double rate, boolean loop, Set<String> topics, double startOffsetS, double delayS) {
      this(rate, loop, topics, startOffsetS, delayS, Map.of(), DEFAULT_ACK_TIMEOUT_S);
    }

    /** These options, waiting up to SECONDS for a subscriber on every topic before playing. */
    public Options waitingForSubscribers(double seconds) {
      return new Options(rate, loop, topics, startOffsetS, delayS, remaps, ackTimeoutS, seconds);
    }
  }

  /**
   * What was played: messages per topic, loops completed, publishes that failed (oversized), the reliable topics
   * whose subscribers had not acknowledged every message when playback ended (empty when not waited for), and the
   * damage found in the bag (playback ends at it, like any read).
   */
  public record Result(Map<String, Long> published, int loops, long failed, Set<String> unacknowledged,
      List<BagFormatException> damage) {
    public Result {
      published = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(published)); // in the bag's topic order
      unacknowledged = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(unacknowledged));
      damage = List.copyOf(damage);
    }

    public long total() {
      return published.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  private final Path bag;
  private final Options options;

  public BagPlayer(Path bag, Options options) {
    this.bag = bag;
    this.options = options;
  }

  /** Called just before each message is handed to DDS, with the wall time (epoch ns). */
  public interface PublishListener {
    void publishing(BagMessage message, long wallNs);
  }

  /** Plays through DDS until the end (or, looping, until STOP says so); STOP is checked between messages. */
  public Result play(DdsParticipant dds, BooleanSupplier stop) throws IOException, InterruptedException {
    return play(dds, stop, (m, t) -> { });
  }

  public Result play(DdsParticipant dds, BooleanSupplier stop, PublishListener listener) throws IOException, InterruptedException {
    Map<String, RawPublisher> publishers = new LinkedHashMap<>();
    Map<String, Long> counts = new LinkedHashMap<>();
    long first;
    try (BagReader reader = BagReader.open(bag)) {
      var info = reader.info();
      for (TopicInfo t : info.topics()) {
        if (!options.topics().isEmpty() && !options.topics().contains(t.name())) continue;
        Qos qos = TopicQos.forPlayback(t.name(), t.type(), t.offeredQosProfiles());
        publishers.put(t.name(), dds.publisher(options.remaps().getOrDefault(t.name(), t.name()), t.type(), qos));
        counts.put(t.name(), 0L);
        LOG.info("{} [{}]: {} {} depth {}", t.name(), t.type(), qos.reliability(), qos.durability(), qos.depth());
      }
      first = info.startNs();
    }
    for (String wanted : options.topics()) {
      if (!publishers.containsKey(wanted)) throw new IllegalArgumentException("topic " + wanted + " is not in " + bag);
    }
    awaitSubscribers(publishers, stop);
    TimeUnit.NANOSECONDS.sleep(Math.round(options.delayS() * 1e9));
    MessageFilter filter = new MessageFilter(publishers.keySet(), first + Math.round(options.startOffsetS() * 1e9), Long.MAX_VALUE);
    int loops = 0;
    long failed = 0;
    Map<String, BagFormatException> damage = new LinkedHashMap<>(); // each finding once, however many loops
    do {
      failed += playOnce(publishers, counts, filter, stop, listener, damage);
      if (stop.getAsBoolean()) break;
      loops++;
    } while (options.loop());
    return new Result(counts, loops, failed, awaitAcknowledged(publishers, stop), List.copyOf(damage.values()));
  }

  /** Waits (see {@link Options#waitForSubscribersS}) until every writer has matched a reader, or STOP says so. */
  private void awaitSubscribers(Map<String, RawPublisher> publishers, BooleanSupplier stop) throws InterruptedException {
    if (options.waitForSubscribersS() <= 0) return;
    long deadline = System.nanoTime() + Math.round(options.waitForSubscribersS() * 1e9);
    Set<String> waiting = new LinkedHashSet<>(publishers.keySet());
    while (!stop.getAsBoolean()) {
      waiting.removeIf(t -> publishers.get(t).matchedReaders() > 0);
      if (waiting.isEmpty() || System.nanoTime() > deadline) break;
      Thread.sleep(10);
    }
    if (!waiting.isEmpty()) LOG.warn("no subscriber on {} after {} s; playing anyway", waiting, options.waitForSubscribersS());
  }

  /**
   * A reliable message a subscriber has not acknowledged yet is repaired only while its writer lives: closing the
   * player right after the last write could lose it (as rosbag2's --wait-for-all-acked addresses). Returns the
   * reliable topics still unacknowledged at the timeout (best-effort writers count as acknowledged).
   */
  private Set<String> awaitAcknowledged(Map<String, RawPublisher> publishers, BooleanSupplier stop) {
    if (options.ackTimeoutS() < 0 || stop.getAsBoolean()) return Set.of();
    boolean forever = Double.isInfinite(options.ackTimeoutS());
    long start = System.nanoTime();
    long timeoutNs = forever ? 0 : Math.round(options.ackTimeoutS() * 1e9);
    Set<String> pending = new LinkedHashSet<>(publishers.keySet());
    while (!pending.isEmpty()) {
      // slices, so that a stop request is seen while a subscriber never acknowledges
      long left = forever ? 200 : Math.max(0, (timeoutNs - (System.nanoTime() - start)) / 1_000_000L);
      pending.removeIf(t -> publishers.get(t).awaitAcknowledged(Math.min(left, 200)));
      if (left == 0 || stop.getAsBoolean()) break;
    }
    if (!pending.isEmpty()) LOG.warn("subscribers had not acknowledged every message on {} when playback ended", pending);
    return pending;
  }

  private long playOnce(Map<String, RawPublisher> publishers, Map<String, Long> counts, MessageFilter filter,
      BooleanSupplier stop, PublishListener listener, Map<String, BagFormatException> damage)
      throws IOException, InterruptedException {
    long failed = 0;
    try (BagReader reader = BagReader.open(bag); MessageCursor cursor = reader.messages(filter)) {
      long bagStart = Long.MIN_VALUE;
      long wallStart = 0;
      for (BagMessage m; !stop.getAsBoolean() && (m = cursor.next()) != null; ) {
        if (bagStart == Long.MIN_VALUE) {
          bagStart = m.logTimeNs();
          wallStart = System.nanoTime();
        }
        long due = wallStart + Math.round((m.logTimeNs() - bagStart) / options.rate());
        long wait = due - System.nanoTime();
        if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
        try {
          Instant now = Instant.now();
          listener.publishing(m, now.getEpochSecond() * 1_000_000_000L + now.getNano());
          publishers.get(m.topic()).publish(m.data());
          counts.merge(m.topic(), 1L, Long::sum);
        } catch (IOException e) {
          failed++;
          LOG.warn("{}: message at {} ns not published: {}", m.topic(), m.logTimeNs(), e.getMessage());
        }
      }
      for (BagFormatException e : reader.damage()) {
        if (damage.putIfAbsent(e.getMessage(), e) == null) LOG.warn("damaged: {}", e.getMessage());
      }
    }
    return failed;
  }
}
