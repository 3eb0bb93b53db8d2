package dev.clip2scene.model.infer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * Once compiled, the kernel keeps its vectors in registers: nothing is allocated per pair (a few boxes per call, when
 * the JIT's profiles are mixed, are harmless). A heap-boxed accumulator (as
 * happened when two vector widths shared a JDK call site) halves its speed and fills the heap at gigabytes per
 * second, so the node's young-GC pauses land on its latency.
 */
class RowKernelAllocationTest {
  @Test
  void compiledKernelAllocatesNothingPerPairForAnyColumnBand() throws Exception {
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    assertTrue(threads.isThreadAllocatedMemorySupported(), "this JVM measures per-thread allocation");
    threads.setThreadAllocatedMemoryEnabled(true);
    RowKernel.warmUp();
    int n = 1001;
    int[] rows = new int[n];
    for (int i = 0; i < n; i++) rows[i] = (int) ((i * 7919L) % n);
    int[] couts = {8, 16, 32, 44, 60, 96, 7, 19};
    float[][] x = new float[couts.length][], w = new float[couts.length][], y = new float[couts.length][];
    for (int i = 0; i < couts.length; i++) {
      x[i] = new float[n * 24];
      w[i] = new float[24 * couts[i]];
      y[i] = new float[n * couts[i]];
    }
    int[] cins = {4, 24};
    long pairs = (long) couts.length * cins.length * n;
    long allocated = Long.MAX_VALUE;
    // the JIT compiles in the background, late on a busy machine: rounds until one runs on compiled code, or the
    // patience (generous, as the compile queue waits for CPU) is spent
    long deadline = System.nanoTime() + 180_000_000_000L;
    while (allocated >= pairs && System.nanoTime() < deadline) {
      long before = threads.getCurrentThreadAllocatedBytes();
      for (int i = 0; i < couts.length; i++) {
        for (int c = 0; c < cins.length; c++) RowKernel.accumulate(x[i], cins[c], w[i], 0, couts[i], y[i], rows, rows, 0, n);
      }
      allocated = threads.getCurrentThreadAllocatedBytes() - before;
      if (allocated >= pairs) Thread.sleep(25);
    }
    // a boxed accumulator costs 64 bytes or more per pair
    assertTrue(allocated < pairs, allocated + " bytes allocated by one round of " + pairs + " pairs on compiled code");
  }
}
