package dev.clip2scene.model.metrics;

/** Mid-ranks in sorted values: the rank of a value counting the values below it, and those equal to it as half. */
public final class Ranks {
  private Ranks() {}

  /**
   * Twice the mid-rank of X among SORTED[0, size) (values below X, plus half those equal to it), as an exact integer:
   * the index of the first value not below X plus that of the first value above it.
   */
  public static long twiceMidRank(double[] sorted, int size, double x) {
    return firstNotBelow(sorted, size, x, false) + firstNotBelow(sorted, size, x, true);
  }

  /**
   * OUT[j] = twice the mid-rank of VALUES[j] among VALUES[0, size), for every j (one sort; SCRATCH holds at least SIZE
   * values).
   */
  public static void twiceMidRanks(int[] values, int size, long[] scratch, int[] out) {
    for (int j = 0; j < size; j++) scratch[j] = (long) values[j] << 32 | j; // ordered by value (signed), then index
    java.util.Arrays.sort(scratch, 0, size);
    for (int a = 0; a < size; ) {
      int b = a + 1;
      while (b < size && scratch[b] >>> 32 == scratch[a] >>> 32) b++;
      for (int k = a; k < b; k++) out[(int) scratch[k]] = a + b; // below: a, equal: b - a
      a = b;
    }
  }

  /** The index of the first of SORTED[0, size) that is not below X (above X when STRICT). */
  private static int firstNotBelow(double[] sorted, int size, double x, boolean strict) {
    int lo = 0, hi = size;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] < x || (strict && sorted[mid] == x)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
