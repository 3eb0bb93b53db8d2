package dev.clip2scene.nodes.transport;

import java.io.IOException;
import us.ihmc.pubsub.common.Guid;
import us.ihmc.pubsub.publisher.Publisher;

/** A {@link RawPublisher} on a DDS participant. Not thread-safe. */
final class DdsPublisher implements RawPublisher {
  private final String topic;
  private final Publisher publisher;
  private final boolean reliable;
  private final MatchedReaders matched;
  private final DdsParticipant owner;
  private final RawCdr holder = new RawCdr();

  DdsPublisher(String topic, Publisher publisher, boolean reliable, MatchedReaders matched,
      DdsParticipant owner) {
    this.topic = topic;
    this.publisher = publisher;
    this.reliable = reliable;
    this.matched = matched;
    this.owner = owner;
  }

  Guid guid() {
    return publisher.getGuid();
  }

  /** The readers matched now. */
  MatchedReaders matched() {
    return matched;
  }

  @Override
  public long matchedReaders() {
    return matched.count();
  }

  @Override
  public String topic() {
    return topic;
  }

  @Override
  public void publish(byte[] cdr, int length) throws IOException {
    holder.set(cdr, length);
    try {
      publisher.write(holder);
    } catch (OversizedSampleException e) {
      throw new OversizedSampleException(topic, length, publisher.getAttributes().getTopicDataType().getTypeSize());
    }
  }

  @Override
  public boolean awaitAcknowledged(long timeoutMillis) {
    if (timeoutMillis < 0) throw new IllegalArgumentException("timeout must be >= 0 ms, got " + timeoutMillis);
    return !reliable || WriterAcks.await(publisher, timeoutMillis);
  }

  @Override
  public long published() {
    return publisher.getNumberOfPublications();
  }

  @Override
  public void close() {
    owner.closed(this);
    owner.remove(publisher);
  }
}
