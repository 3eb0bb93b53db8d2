package dev.clip2scene.nodes.transport;

import java.io.IOException;
import us.ihmc.pubsub.common.Guid;
import us.ihmc.pubsub.publisher.Publisher;

/** Writes raw CDR samples (4-byte encapsulation header included) on one topic. Not thread-safe. */
public final class RawPublisher implements AutoCloseable {
  private final String topic;
  private final Publisher publisher;
  private final boolean reliable;
  private final MatchedReaders matched;
  private final DdsParticipant owner;
  private final RawCdr holder = new RawCdr();

  RawPublisher(String topic, Publisher publisher, boolean reliable, MatchedReaders matched,
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

  /** Readers this writer has matched now (the writer side of discovery: it sends them its samples). */
  public long matchedReaders() {
    return matched.count();
  }

  public String topic() {
    return topic;
  }

  /** Sends CDR; throws {@link OversizedSampleException} above the participant's maximum sample size. */
  public void publish(byte[] cdr) throws IOException {
    publish(cdr, cdr.length);
  }

  /** Sends the first LENGTH bytes of CDR (e.g. a payload in a buffer reused from sample to sample). */
  public void publish(byte[] cdr, int length) throws IOException {
    holder.set(cdr, length);
    try {
      publisher.write(holder);
    } catch (OversizedSampleException e) {
      throw new OversizedSampleException(topic, length, publisher.getAttributes().getTopicDataType().getTypeSize());
    }
  }

  /**
   * Waits up to TIMEOUT_MILLIS until every matched reliable reader acknowledged every sample written so far (returns
   * at once for best effort). False on timeout. Call before closing a reliable writer whose last samples must arrive.
   */
  public boolean awaitAcknowledged(long timeoutMillis) {
    if (timeoutMillis < 0) throw new IllegalArgumentException("timeout must be >= 0 ms, got " + timeoutMillis);
    return !reliable || WriterAcks.await(publisher, timeoutMillis);
  }

  /** Samples written so far. */
  public long published() {
    return publisher.getNumberOfPublications();
  }

  @Override
  public void close() {
    owner.closed(this);
    owner.remove(publisher);
  }
}
