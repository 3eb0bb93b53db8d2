package dev.clip2scene.model.fusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clip2scene.model.net.TextEmbeddings;
import java.util.List;
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

  @Test
  void theEnsembleTakesTheMoreConfidentFeatureAndImageModeTheImage() {
    assertTrue(FeatureFusion.imageWins(FusionMode.ENSEMBLE, 0.4, 0.3));
    assertFalse(FeatureFusion.imageWins(FusionMode.ENSEMBLE, 0.3, 0.3), "a tie keeps the 3D label");
    assertTrue(FeatureFusion.imageWins(FusionMode.ENSEMBLE, 0.1, Double.NEGATIVE_INFINITY), "no 3D feature");
    assertTrue(FeatureFusion.imageWins(FusionMode.IMAGE, 0.1, 0.9));
    assertFalse(FeatureFusion.imageWins(FusionMode.OFF, 1, 0));
    assertEquals(FusionMode.ENSEMBLE, FusionMode.parse("ensemble"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> FusionMode.parse("both")).getMessage().contains("off, ensemble, image"));
    assertThrows(IllegalArgumentException.class, () -> new FeatureFusion(new TextEmbeddings(List.of("void"), 2, new float[2])));
  }
}
