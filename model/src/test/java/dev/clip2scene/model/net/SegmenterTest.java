package dev.clip2scene.model.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.clip2scene.model.sparse.Weights;
import dev.clip2scene.model.voxel.PointCloud;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SegmenterTest {
  private final NetworkConfig config = NetworkTest.small(NetworkConfig.spvcnn(), 8);

  private static TextEmbeddings text() {
    Random r = new Random(2);
    float[] v = new float[3 * 8];
    for (int i = 0; i < v.length; i++) v[i] = (float) r.nextGaussian();
    return new TextEmbeddings(List.of("a", "b", "c"), 8, v);
  }

  @Test
  void labelsAreArgmaxOfDotProductsAndScoresTheirSoftmax() {
    PointCloud cloud = SyntheticSweep.generate(800, 1).cloud();
    float[] data = cloud.data().clone();
    data[4 * 5] = Float.NaN; // point 5 rejected
    PointCloud withNaN = new PointCloud(data, 4);
    TextEmbeddings t = text();
    try (NDManager base = NDManager.newBaseManager(); Segmenter s = Segmenter.of(SparseNetwork.create(config, new Weights(base, DataType.FLOAT32, 1)), null)) {
      PointFeatures f = s.features(withNaN);
      Segmentation seg = s.segment(withNaN, t);
      assertEquals(-1, seg.labels()[5]);
      assertEquals(1, seg.rejected());
      assertFalse(f.kept()[5]);
      for (int p = 0; p < f.points(); p += 37) {
        if (!f.kept()[p]) continue;
        double[] logits = new double[3];
        for (int c = 0; c < 3; c++) for (int k = 0; k < 8; k++) logits[c] += f.values()[p * 8 + k] * t.values()[c * 8 + k];
        int best = 0;
        for (int c = 1; c < 3; c++) if (logits[c] > logits[best]) best = c;
        double z = 0;
        for (double l : logits) z += Math.exp(l - logits[best]);
        assertEquals(best, seg.labels()[p]);
        assertEquals(1 / z, seg.scores()[p], 1e-5);
      }
    }
  }

  @Test
  void batchesMatchSingleCloudsAndNativeMemoryDoesNotGrow() {
    PointCloud a = SyntheticSweep.generate(600, 1).cloud();
    PointCloud b = SyntheticSweep.generate(700, 2).cloud();
    TextEmbeddings t = text();
    try (NDManager base = NDManager.newBaseManager(); Segmenter s = Segmenter.of(SparseNetwork.create(config, new Weights(base, DataType.FLOAT32, 1)), null)) {
      List<PointFeatures> batch = s.features(List.of(a, b));
      float[] single = s.features(b).values();
      float[] batched = batch.get(1).values();
      assertEquals(single.length, batched.length);
      for (int i = 0; i < single.length; i++) assertEquals(single[i], batched[i], 1e-4f + 1e-4f * Math.abs(single[i]));
      int before = base.getManagedArrays().size();
      for (int i = 0; i < 100; i++) s.segment(a, t);
      assertEquals(before, base.getManagedArrays().size(), "arrays left behind by 100 calls");
      assertTrue(before > 0);
      assertArrayEquals(s.segment(a, t).labels(), s.segment(List.of(a, b), t).get(0).labels());
    }
  }
}
