package dev.clip2scene.nodes.bag.live;

import dev.clip2scene.nodes.bag.BagMessage;
import dev.clip2scene.nodes.bag.BagWriter;
import dev.clip2scene.nodes.bag.MessageDefinition;
import dev.clip2scene.nodes.bag.TopicInfo;
import dev.clip2scene.nodes.bag.WriterOptions;
import dev.clip2scene.nodes.transport.DdsParticipant;
import dev.clip2scene.nodes.transport.RawSubscriber;
import dev.clip2scene.nodes.transport.ReceivedSample;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Records topics from DDS into an MCAP bag (schemas from the msgs catalogue, the subscription QoS as
 * offered_qos_profiles, receive time as log time, DDS source time as publish time). Stops at a duration, a
 * message count or when told; the bag is always finalised (summary, metadata.yaml) on the way out.
 */
public final class BagRecorder {
  /** Messages written per topic, and samples the transport reported lost. */
  public record Result(Path bag, Map<String, Long> recorded, long lost) {
    public long total() {
      return recorded.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BagRecorder.class);
  private static final int QUEUE_DEPTH = 64;

  private final List<RecordedTopic> topics;
  private final Duration maxDuration;
  private final long maxMessages;

  /** MAX_DURATION null and MAX_MESSAGES 0 mean no limit. */
  public BagRecorder(List<RecordedTopic> topics, Duration maxDuration, long maxMessages) {
    if (topics.isEmpty()) throw new IllegalArgumentException("no topics to record");
    if (maxMessages < 0) throw new IllegalArgumentException("max messages must be >= 0");
    this.topics = List.copyOf(topics);
    this.maxDuration = maxDuration;
    this.maxMessages = maxMessages;
  }

  /** Subscribes and writes into OUT (a new bag folder) until a limit is reached or STOP returns true. */
  public Result record(DdsParticipant dds, Path out, BooleanSupplier stop) throws IOException, InterruptedException {
    List<RawSubscriber> subs = new ArrayList<>();
    Map<String, Long> counts = new LinkedHashMap<>();
    Map<String, String> types = new LinkedHashMap<>();
    long lost = 0;
    // the subscribers belong to DDS, which removes them when it closes
    try (BagWriter writer = BagWriter.create(out, WriterOptions.MCAP)) {
      for (RecordedTopic t : topics) {
        writer.addTopic(new TopicInfo(t.name(), t.type().name(), "cdr", TopicQos.offeredProfiles(t.qos()), "",
            new MessageDefinition("ros2msg", t.type().schemaText()), 0));
        subs.add(dds.subscriber(t.name(), t.type().name(), t.qos(), QUEUE_DEPTH));
        counts.put(t.name(), 0L);
        types.put(t.name(), t.type().name());
      }
      long deadline = maxDuration == null ? Long.MAX_VALUE : System.nanoTime() + maxDuration.toNanos();
      long total = 0;
      boolean[] announced = new boolean[subs.size()];
      boolean stopping = false;
      while (maxMessages == 0 || total < maxMessages) {
        // once told to stop, one more pass takes what DDS has already delivered
        boolean last = stopping;
        stopping = stop.getAsBoolean() || System.nanoTime() >= deadline;
        boolean any = false;
        for (int i = 0; i < subs.size(); i++) {
          RawSubscriber s = subs.get(i);
          if (!announced[i] && s.matchedWriters() > 0) {
            announced[i] = true;
            LOG.info("{}: recording (a publisher matched)", s.topic());
          }
          for (ReceivedSample smp; (maxMessages == 0 || total < maxMessages) && (smp = s.poll(0, TimeUnit.MILLISECONDS)) != null; ) {
            writer.write(new BagMessage(s.topic(), types.get(s.topic()), smp.receiveTimeNanos(), smp.sourceTimeNanos(), smp.cdr()));
            counts.merge(s.topic(), 1L, Long::sum);
            total++;
            any = true;
          }
        }
        if (last) break;
        if (!any && !stopping) Thread.sleep(2);
      }
      for (RawSubscriber s : subs) lost += s.lost() + s.droppedStale();
    }
    return new Result(out, counts, lost);
  }
}
