package dev.clip2scene.nodes.transport;

import java.io.IOException;

/** A sample larger than the declared maximum of its topic's type. */
public final class OversizedSampleException extends IOException {
  public OversizedSampleException(String where, long size, long max) {
    super(where + ": sample of " + size + " bytes exceeds the maximum sample size of " + max
        + " bytes (raise it with the max sample size option)");
  }
}
