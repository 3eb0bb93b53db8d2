package dev.clip2scene.model.clip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** ViT-B/16 sizes with random weights made in memory: the dense map of a 224 x 416 crop is 14 x 26 x 512. */
class VitB16ShapeTest {
  @Test
  void denseMapOfA224x416ImageIs14x26x512() {
    ClipConfig config = RandomClipWeights.vitB16(false);
    try (ClipModel model = ClipModel.load(RandomClipWeights.of(config, 7), config, Device.cpu())) {
      float[] pixels = new float[3 * 224 * 416];
      SplittableRandom r = new SplittableRandom(1);
      for (int i = 0; i < pixels.length; i++) pixels[i] = (float) r.nextGaussian();
      DenseFeatures dense = model.image().dense(new PixelBatch(1, 224, 416, pixels));
      assertArrayEquals(new int[] {1, 14, 26, 512}, new int[] {dense.batch(), dense.gridHeight(), dense.gridWidth(), dense.dim()});
      boolean varies = false;
      for (int i = 0; i < dense.values().length; i++) {
        assertFalse(Float.isNaN(dense.values()[i]) || Float.isInfinite(dense.values()[i]), "value " + i);
        varies |= dense.values()[i] != dense.values()[0];
      }
      assertTrue(varies, "features differ across patches and channels");
    }
  }
}
