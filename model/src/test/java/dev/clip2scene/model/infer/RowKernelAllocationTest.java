package dev.clip2scene.model.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
    // In a child JVM with -Xbatch: each compile finishes before the code runs on, so a busy machine only slows the
    // measurement down, where background compiles could stay queued behind other work for minutes.
    List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xbatch",
        "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"), Probe.class.getName());
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out;
    try {
      out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the probe did not finish");
    } finally {
      p.destroyForcibly();
    }
    assertEquals(0, p.exitValue(), out);
    String[] words = out.lines().filter(l -> l.startsWith("allocated ")).findFirst().orElseThrow(() -> new AssertionError(out)).split(" ");
    long allocated = Long.parseLong(words[1]);
    long pairs = Long.parseLong(words[3]);
    // a boxed accumulator costs 64 bytes or more per pair
    assertTrue(allocated < pairs, allocated + " bytes allocated by one round of " + pairs + " pairs on compiled code");
  }

  /** Rounds over every column band until one runs on compiled code; prints "allocated BYTES pairs PAIRS". */
  static final class Probe {
    public static void main(String[] args) throws IOException, InterruptedException {
      var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
      if (!threads.isThreadAllocatedMemorySupported()) throw new IllegalStateException("this JVM cannot measure per-thread allocation");
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
      long deadline = System.nanoTime() + 180_000_000_000L;
      while (allocated >= pairs && System.nanoTime() < deadline) {
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < couts.length; i++) {
          for (int c = 0; c < cins.length; c++) RowKernel.accumulate(x[i], cins[c], w[i], 0, couts[i], y[i], rows, rows, 0, n);
        }
        allocated = threads.getCurrentThreadAllocatedBytes() - before;
      }
      System.out.println("allocated " + allocated + " pairs " + pairs);
    }
  }
}
