package dev.clip2scene.model.train;

/** Samples in the order a {@link SampleSource} was asked for; close it to stop reading ahead. */
public interface SampleStream extends AutoCloseable {
  /**
   * The next sample of the order, or null where it could not be built (its source counted why). Call at most once
   * per entry of the order.
   */
  Sample next();

  @Override
  default void close() {}
}
