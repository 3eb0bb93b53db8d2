package dev.clip2scene.nodes.transport;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import us.ihmc.pubsub.common.MatchingInfo;
import us.ihmc.pubsub.common.SampleInfo;
import us.ihmc.pubsub.subscriber.Subscriber;
import us.ihmc.pubsub.subscriber.SubscriberListener;

/**
 * A {@link RawSubscriber} on a DDS participant. The DDS listener thread only copies each sample out and hands it to a
 * bounded keep-latest queue. Samples above the maximum sample size are refused by DDS itself (Fast-DDS logs
 * "Change payload size ... is larger than the history payload size") and show here as lost: a gap in the
 * writer's sequence numbers, logged and counted.
 */
final class DdsSubscriber extends QueuedSubscriber {
  private static final Logger LOG = LoggerFactory.getLogger(DdsSubscriber.class);

  private final SequenceGaps gaps = new SequenceGaps();
  private final AtomicLong matchedWriters = new AtomicLong();
  private final DdsParticipant owner;
  private final TakeGate gate = new TakeGate();
  private Subscriber<RawCdr> subscriber;

  DdsSubscriber(String topic, int queueDepth, DdsParticipant owner) {
    super(topic, queueDepth);
    this.owner = owner;
  }

  us.ihmc.pubsub.common.Guid guid() {
    return subscriber.getGuid();
  }

  void attach(Subscriber<RawCdr> subscriber) {
    this.subscriber = subscriber;
  }

  SubscriberListener<RawCdr> listener() {
    return new SubscriberListener<>() {
      private final RawCdr holder = new RawCdr();
      private final SampleInfo info = new SampleInfo();

      @Override
      public void onNewDataMessage(Subscriber<RawCdr> s) {
        drain(s, holder, info);
      }

      @Override
      public void onSubscriptionMatched(Subscriber<RawCdr> s, MatchingInfo match) {
        if (match.getStatus() == MatchingInfo.MatchingStatus.MATCHED_MATCHING) {
          matchedWriters.incrementAndGet();
        } else {
          matchedWriters.decrementAndGet();
        }
      }
    };
  }

  private void drain(Subscriber<RawCdr> s, RawCdr holder, SampleInfo info) {
    try {
      // one callback may stand for several samples; take one per call, as the library notifies per sample
      if (gate.take(() -> s.takeNextData(holder, info))) {
        if (holder.refusedBytes() > 0) {
          dropOversized(holder.refusedBytes());
          return;
        }
        long skipped = gaps.record(info.getSampleIdentity().getGuid().toString(), info.getSampleIdentity().getSequenceNumber().get());
        if (skipped > 0) {
          long total = countLost(skipped);
          LOG.warn("{}: {} sample(s) lost before this one (above the maximum sample size of {} bytes, or dropped on the way; {} lost so far)",
              topic(), skipped, maxBytes(), total);
        }
        long source = info.getSourceTimestamp().getSeconds() * 1_000_000_000L + info.getSourceTimestamp().getNanoseconds();
        Instant now = Instant.now();
        deliver(holder.copyOut(info.getDataLength()), now.getEpochSecond() * 1_000_000_000L + now.getNano(), source);
      }
    } catch (RuntimeException e) {
      // the library refuses a sample above its receive buffer with an unchecked exception: drop it, keep the thread
      LOG.warn("{}: dropped a sample the DDS reader could not take ({} lost so far): {}", topic(), countLost(1), e.toString());
    }
  }

  private void dropOversized(int size) {
    LOG.warn("{}: dropped an oversized sample of {} bytes (maximum {}; {} lost so far)", topic(), size, maxBytes(), countLost(1));
  }

  private int maxBytes() {
    return subscriber == null ? -1 : subscriber.getAttributes().getTopicDataType().getTypeSize();
  }

  @Override
  public long matchedWriters() {
    return matchedWriters.get();
  }

  @Override
  public void close() {
    owner.closed(this);
    gate.close();
    if (subscriber != null) owner.remove(subscriber);
  }
}
