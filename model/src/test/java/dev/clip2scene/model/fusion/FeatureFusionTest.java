package dev.clip2scene.model.fusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clip2scene.model.net.TextEmbeddings;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FeatureFusionTest {
  /** Three classes in 3-d: x, y and the diagonal of x and z, with unnormalised rows. */
  private static final TextEmbeddings TEXT = new TextEmbeddings(List.of("road", "car", "tree"), 3, new float[] {2, 0, 0, 0, 5, 0, 1, 0, 1});

  @Test
  void classifiesByCosineSimilarityWithTheUnitTextRows() {
    FeatureFusion f = new FeatureFusion(TEXT);
    // (1, 0, 0.9): cos with x = 1/|f|, with the diagonal (1 + 0.9)/(sqrt 2 |f|): the diagonal wins though x's row is longer
    float[] feature = {0, 0, 1, 0, 0.9f};
    assertEquals(2, f.classify(feature, 2));
    double norm = Math.sqrt(1 + 0.81);
    assertEquals(1.9 / Math.sqrt(2) / norm, f.cosine(), 1e-6);
    double[] cos = {1 / norm, 0, 1.9 / Math.sqrt(2) / norm};
    double sum = 0;
    for (double c : cos) sum += Math.exp(100 * (c - cos[2]));
    assertEquals(1 / sum, f.score(), 1e-6);
    // a zero or non-finite feature has no class
    assertEquals(-1, f.classify(new float[3], 0));
    assertEquals(Double.NEGATIVE_INFINITY, f.cosine());
    assertEquals(-1, f.classify(new float[] {Float.NaN, 1, 0}, 0));
  }

  /** The rule on N points: which take the image. */
  private static boolean[] choose(FusionMode mode, double[] image, double[] point) {
    boolean[] take = new boolean[image.length];
    new FeatureFusion(TEXT).choose(mode, image, point, image.length, take);
    return take;
  }

  @Test
  void theEnsembleComparesEachSourcesRankAmongItsOwnValuesNotRawCosines() {
    // image cosines on CLIP's scale (0.2-0.3), 3D cosines far higher: a raw comparison would keep 3D everywhere
    double[] image = {0.21, 0.29, 0.25, 0.27};
    double[] point = {0.90, 0.50, 0.80, 0.70};
    // percentiles (mid-rank): image 1/8, 7/8, 3/8, 5/8; 3D 7/8, 1/8, 5/8, 3/8
    assertArrayEquals(new boolean[] {false, true, false, true}, choose(FusionMode.ENSEMBLE, image, point));
    // a monotone change of either scale changes nothing
    double[] squashed = Arrays.stream(image).map(c -> Math.exp(100 * c)).toArray();
    double[] shifted = Arrays.stream(point).map(c -> 3 * c - 2).toArray();
    assertArrayEquals(choose(FusionMode.ENSEMBLE, image, point), choose(FusionMode.ENSEMBLE, squashed, shifted));
  }

  @Test
  void tiesCountHalfAndKeepTheThreeDLabel() {
    // the image's values all tie (percentile 1/2 each): the image wins where 3D is below its own middle
    assertArrayEquals(new boolean[] {true, false, false, true, false},
        choose(FusionMode.ENSEMBLE, new double[] {0.3, 0.3, 0.3, 0.3, 0.3}, new double[] {0.1, 0.5, 0.3, 0.2, 0.4}));
    // equal percentiles: 3D kept
    assertArrayEquals(new boolean[] {false, false}, choose(FusionMode.ENSEMBLE, new double[] {0.2, 0.3}, new double[] {0.6, 0.7}));
    assertArrayEquals(new boolean[] {false}, choose(FusionMode.ENSEMBLE, new double[] {0.9}, new double[] {0.1}), "one point: a tie");
    // one feature sampled at three pixels differs by rounding only: still a tie
    assertArrayEquals(new boolean[] {true, false, false},
        choose(FusionMode.ENSEMBLE, new double[] {0.3 + 1e-9, 0.3 - 1e-9, 0.3}, new double[] {0.1, 0.5, 0.3}));
  }

  @Test
  void aPointWithoutAThreeDFeatureTakesTheImageAndStaysOutOfTheRanks() {
    double inf = Double.NEGATIVE_INFINITY;
    // without the third point the others rank image 1/4, 3/4 and 3D 3/4, 1/4; the third's low image value would shift them
    assertArrayEquals(new boolean[] {false, true, true},
        choose(FusionMode.ENSEMBLE, new double[] {0.25, 0.26, 0.01}, new double[] {0.6, 0.5, inf}));
  }

  @Test
  void theRuleReusesItsBuffersAcrossCloudsOfAnySize() {
    FeatureFusion f = new FeatureFusion(TEXT);
    SplittableRandom r = new SplittableRandom(3);
    for (int n : new int[] {1000, 3, 0, 2500}) {
      double[] image = r.doubles(n).toArray(), point = r.doubles(n).toArray();
      boolean[] take = new boolean[n];
      f.choose(FusionMode.ENSEMBLE, image, point, n, take);
      for (int i = 0; i < n; i++) assertEquals(rank(image, image[i]) > rank(point, point[i]), take[i], "point " + i + " of " + n);
    }
  }

  /** Values below X plus half those equal, by counting. */
  private static double rank(double[] v, double x) {
    double r = 0;
    for (double y : v) r += y < x ? 1 : y == x ? 0.5 : 0;
    return r;
  }

  @Test
  void imageModeTakesTheImageOffNothingAndModesParse() {
    assertArrayEquals(new boolean[] {true, true}, choose(FusionMode.IMAGE, new double[] {0.1, 0.2}, new double[] {0.9, 0.8}));
    assertArrayEquals(new boolean[] {false, false}, choose(FusionMode.OFF, new double[] {0.9, 0.2}, new double[] {0.1, 0.8}));
    assertEquals(FusionMode.ENSEMBLE, FusionMode.parse("ensemble"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> FusionMode.parse("both")).getMessage().contains("off, ensemble, image"));
    assertThrows(IllegalArgumentException.class, () -> new FeatureFusion(new TextEmbeddings(List.of("void"), 2, new float[2])));
  }
}
