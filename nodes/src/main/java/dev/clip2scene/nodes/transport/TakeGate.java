package dev.clip2scene.nodes.transport;

import java.util.function.BooleanSupplier;

/**
 * Keeps a DDS listener's takes apart from the removal of its reader. ihmc's Subscriber removal holds the lock that
 * takeNextData needs while Fast-DDS waits for the running listener callback to return, so a take that starts during
 * the removal stops both threads for good (seen as a test hanging in close while samples still arrived).
 */
final class TakeGate {
  private boolean closed;

  /** Runs TAKE unless the reader is closing; false then. */
  synchronized boolean take(BooleanSupplier take) {
    return !closed && take.getAsBoolean();
  }

  /** From now on no take starts, and none is running when this returns: the reader may be removed. */
  synchronized void close() {
    closed = true;
  }
}
