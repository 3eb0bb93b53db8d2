package dev.clip2scene.model.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RanksTest {
  @Test
  void midRanksCountTiesHalf() {
    int[] out = new int[6];
    Ranks.twiceMidRanks(new int[] {5, -3, 5, Integer.MIN_VALUE, Integer.MAX_VALUE, 5}, 6, new long[6], out);
    // sorted: MIN, -3, 5, 5, 5, MAX: the three 5s have 2 below and share ranks 2-4 (mid-rank 3)
    assertArrayEquals(new int[] {7, 3, 7, 1, 11, 7}, out);
    assertEquals(0, Ranks.twiceMidRank(new double[] {1, 2}, 2, 0.5));
    assertEquals(2, Ranks.twiceMidRank(new double[] {1, 2}, 2, 1.5));
    assertEquals(3, Ranks.twiceMidRank(new double[] {1, 2, 2}, 2, 2), "only the first SIZE values count");
  }

  @Test
  void oneSortGivesWhatCountingGives() {
    SplittableRandom r = new SplittableRandom(4);
    int n = 3000;
    int[] values = r.ints(n, -50, 50).toArray();
    int[] out = new int[n];
    Ranks.twiceMidRanks(values, n, new long[n], out);
    double[] sorted = Arrays.stream(values).asDoubleStream().sorted().toArray();
    for (int j = 0; j < n; j++) {
      int x = values[j];
      long below = Arrays.stream(values).filter(v -> v < x).count();
      long equal = Arrays.stream(values).filter(v -> v == x).count();
      assertEquals(2 * below + equal, out[j], "value " + j);
      assertEquals(out[j], Ranks.twiceMidRank(sorted, n, values[j]));
    }
  }
}
