package dev.clip2scene.nodes.transport;

import java.util.concurrent.TimeUnit;

/**
 * Receives raw CDR samples (4-byte encapsulation header included) of one type on one topic into a bounded
 * keep-latest queue, which a consumer thread polls.
 */
public interface RawSubscriber extends AutoCloseable {
  /** The ROS topic. */
  String topic();

  /** The oldest queued sample, waiting up to TIMEOUT; null when none arrived. */
  ReceivedSample poll(long timeout, TimeUnit unit) throws InterruptedException;

  /** Samples accepted from the transport. */
  long received();

  /** Samples a writer sent that never arrived (refused above the maximum sample size, or lost on the way). */
  long lost();

  /** Samples dropped from the keep-latest queue because the consumer fell behind. */
  long droppedStale();

  /** Writers currently matched. */
  long matchedWriters();

  @Override
  void close();
}
