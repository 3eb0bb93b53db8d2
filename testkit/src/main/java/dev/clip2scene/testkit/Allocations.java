package dev.clip2scene.testkit;

import java.lang.management.ManagementFactory;

/**
 * Bytes the current thread has allocated on the heap (HotSpot's per-thread counter), so a test can assert that a
 * reader's allocation stays proportional to its input: a corrupt size field that makes it ask for gigabytes fails
 * the test even when the heap happens to be large enough not to throw.
 */
public final class Allocations {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private Allocations() {}

  /** Running total for this thread; subtract two readings to get what happened in between. */
  public static long allocatedBytes() {
    return THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
  }
}
