package dev.clip2scene.model.infer;

import dev.clip2scene.model.sparse.KernelMap;
import java.util.Arrays;

/**
 * A kernel map laid out for the CPU engine: within each offset, pairs sorted by output row, so that any range of
 * output rows owns a contiguous run of each offset's pairs and threads never write the same row.
 */
final class PairPlan {
  private final KernelMap map;
  private final int[] in;
  private final int[] out;

  private PairPlan(KernelMap map, int[] in, int[] out) {
    this.map = map;
    this.in = in;
    this.out = out;
  }

  static PairPlan of(KernelMap map) {
    int[] in = map.in();
    int[] out = map.out();
    int[] start = map.offsetStart();
    boolean sorted = true;
    for (int k = 0; k < map.volume() && sorted; k++) {
      for (int p = start[k] + 1; p < start[k + 1]; p++) {
        if (out[p] <= out[p - 1]) {
          sorted = false;
          break;
        }
      }
    }
    if (sorted) return new PairPlan(map, in, out);
    int[] sortedIn = new int[in.length];
    int[] sortedOut = new int[out.length];
    long[] packed = new long[in.length];
    for (int k = 0; k < map.volume(); k++) {
      int s = start[k];
      int e = start[k + 1];
      for (int p = s; p < e; p++) packed[p] = ((long) out[p] << 32) | in[p];
      Arrays.sort(packed, s, e);
      for (int p = s; p < e; p++) {
        sortedOut[p] = (int) (packed[p] >>> 32);
        sortedIn[p] = (int) packed[p];
        if (p > s && sortedOut[p] == sortedOut[p - 1]) {
          throw new IllegalArgumentException("kernel map offset " + k + " sends two inputs to output " + sortedOut[p]);
        }
      }
    }
    return new PairPlan(map, sortedIn, sortedOut);
  }

  KernelMap map() {
    return map;
  }

  int[] in() {
    return in;
  }

  int[] out() {
    return out;
  }

  /** First pair of offset k whose output row is at least row. */
  int lowerBound(int k, int row) {
    int lo = map.offsetStart()[k];
    int hi = map.offsetStart()[k + 1];
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (out[mid] < row) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
