package dev.clip2scene.nodes.transport;

import java.io.IOException;

/** Writes raw CDR samples (4-byte encapsulation header included) of one type on one topic. Not thread-safe. */
public interface RawPublisher extends AutoCloseable {
  /** The ROS topic. */
  String topic();

  /** Sends CDR; throws {@link OversizedSampleException} above the transport's maximum sample size. */
  default void publish(byte[] cdr) throws IOException {
    publish(cdr, cdr.length);
  }

  /** Sends the first LENGTH bytes of CDR (e.g. a payload in a buffer reused from sample to sample). */
  void publish(byte[] cdr, int length) throws IOException;

  /** Readers this writer has matched now (it sends them its samples). */
  long matchedReaders();

  /**
   * Waits up to TIMEOUT_MILLIS until every matched reliable reader acknowledged every sample written so far (returns
   * at once for best effort). False on timeout. Call before closing a reliable writer whose last samples must arrive.
   */
  boolean awaitAcknowledged(long timeoutMillis);

  /** Samples written so far. */
  long published();

  @Override
  void close();
}
