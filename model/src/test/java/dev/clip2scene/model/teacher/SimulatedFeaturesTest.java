package dev.clip2scene.model.teacher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clip2scene.model.loss.PseudoLabels;
import dev.clip2scene.model.net.TextEmbeddings;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The simulated teacher's feature model on hand-made patches, without noise unless said. */
class SimulatedFeaturesTest {
  /** Three orthogonal classes in 5-d: room for a modality-gap direction. */
  private static final TextEmbeddings TEXT = new TextEmbeddings(List.of("road", "car", "tree"), 5,
      new float[] {1, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 3, 0, 0});

  /** A 32 x 16 image of two 16-pixel patches: the left all road, the right 10 columns road and 6 car. */
  private static PixelLabels truth() {
    int[] t = new int[32 * 16];
    for (int y = 0; y < 16; y++) for (int x = 26; x < 32; x++) t[y * 32 + x] = 1;
    return new PixelLabels(32, 16, t);
  }

  /** Cosine similarities of patch CELL's feature with each class. */
  private static double[] cos(PixelFeatures f, int cell) {
    double[] c = new double[3];
    double n = 0;
    for (int k = 0; k < 5; k++) n += f.values()[cell * 5 + k] * f.values()[cell * 5 + k];
    for (int k = 0; k < 3; k++) c[k] = f.values()[cell * 5 + k] / Math.sqrt(n);
    return c;
  }

  @Test
  void aPurePatchSitsAtClipsScaleAndAMixedOneLower() {
    PixelFeatures f = new SimulatedFeatures(TEXT, 0).of(truth(), new PixelLabels(2, 1, new int[] {0, 0}), 1);
    assertEquals(0.3, cos(f, 0)[0], 1e-6);
    assertEquals(0, cos(f, 0)[1], 1e-6);
    // the mixture 10/16 road + 6/16 car, unit length, then on the 0.3 scale
    double norm = Math.hypot(10, 6);
    assertEquals(0.3 * 10 / norm, cos(f, 1)[0], 1e-6);
    assertEquals(0.3 * 6 / norm, cos(f, 1)[1], 1e-6);
    for (int cell = 0; cell < 2; cell++) {
      double n = 0;
      for (int k = 0; k < 5; k++) n += f.values()[cell * 5 + k] * f.values()[cell * 5 + k];
      assertEquals(1, n, 1e-6, "unit features, as MaskCLIP's");
    }
  }

  @Test
  void aWrongPatchLiesBetweenItsTrueClassAndTheOneItIsConfusedWith() {
    PixelFeatures f = new SimulatedFeatures(TEXT, 0).of(truth(), new PixelLabels(2, 1, new int[] {2, 1}), 1);
    for (int cell = 0; cell < 2; cell++) {
      double[] c = cos(f, cell);
      int label = cell == 0 ? 2 : 1;
      assertTrue(c[label] > c[0] && c[0] > 0, "label first, the true class still there: " + java.util.Arrays.toString(c));
      // the label's weight lies between the tie with road and one more: below a pure patch's 0.3
      assertTrue(c[label] < 0.29, java.util.Arrays.toString(c));
    }
    double[] pure = cos(f, 0);
    assertTrue(pure[2] >= 0.3 / Math.sqrt(2) - 1e-6 && pure[2] <= 0.3 * 2 / Math.sqrt(5) + 1e-6, "weight in [1, 2]: " + pure[2]);
  }

  @Test
  void noiseKeepsTheLabelOnTopAndPatchesWithoutOneHaveNoFeature() {
    SimulatedFeatures noisy = new SimulatedFeatures(TEXT, 3);
    for (long seed = 0; seed < 200; seed++) {
      PixelFeatures f = noisy.of(truth(), new PixelLabels(2, 1, new int[] {(int) (seed % 3), PseudoLabels.IGNORE}), seed);
      assertEquals(seed % 3, f.argmax(TEXT.normalized(), 3).labels()[0], "seed " + seed);
      for (int k = 0; k < 5; k++) assertEquals(0, f.values()[5 + k]);
    }
  }

  @Test
  void badLabelsAndNoiseAreRefused() {
    SimulatedFeatures s = new SimulatedFeatures(TEXT);
    assertTrue(assertThrows(IllegalArgumentException.class, () -> s.of(truth(), new PixelLabels(2, 1, new int[] {0, 3}), 1))
        .getMessage().contains("label 3"));
    assertThrows(IllegalArgumentException.class, () -> new SimulatedFeatures(TEXT, -1));
    assertThrows(IllegalArgumentException.class, () -> new SimulatedFeatures(TEXT, Double.NaN));
  }
}
