package dev.clip2scene.model.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.clip2scene.model.loss.PseudoLabels;
import dev.clip2scene.model.loss.SelfTraining;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** How the objective wires the loss classes: total = (1) + (2), the switches, and S3T in the loop. */
class PretrainObjectiveTest {
  private static final int I = PseudoLabels.IGNORE;
  /** Two points far apart (two grid cells), unit features along x and y; text = identity. */
  private static final float[] XYZ = {0, 0, 0, 5, 5, 5};
  private static final double CE_ONE_POINT = Math.log(1 + Math.exp(-1)); // -log(e^1 / (e^1 + e^0))

  private static PretrainObjective objective(PretrainObjective.Semantic semantic, PretrainObjective.Spatial spatial, SelfTraining s3t) {
    return new PretrainObjective(new PretrainObjective.Settings(semantic, 0.5, spatial, 0.1, 8, s3t));
  }

  @Test
  void crossEntropyWithoutSpatialTermIsTheHandComputedValue() {
    try (NDManager m = NDManager.newBaseManager()) {
      PretrainObjective.Terms t = objective(PretrainObjective.Semantic.CROSS_ENTROPY, PretrainObjective.Spatial.OFF, null)
          .loss(points(m), XYZ, new int[] {0, 1}, text(m), null, 0, new Random(1));
      assertEquals(CE_ONE_POINT, t.semantic().getFloat(), 1e-6);
      assertEquals(0, t.spatial().getFloat(), 0);
      assertEquals(CE_ONE_POINT, t.total().getFloat(), 1e-6);
    }
  }

  @Test
  void totalIsSemanticPlusSpatial() {
    try (NDManager m = NDManager.newBaseManager()) {
      // each point alone in its cell: the fused feature is the point itself, so (2) = 1 - sigmoid(|p|^2) = 1 - sigmoid(1)
      PretrainObjective.Terms t = objective(PretrainObjective.Semantic.CROSS_ENTROPY, PretrainObjective.Spatial.REFERENCE, null)
          .loss(points(m), XYZ, new int[] {0, 1}, text(m), null, 0, new Random(1));
      double spatial = 1 - 1 / (1 + Math.exp(-1));
      assertEquals(spatial, t.spatial().getFloat(), 1e-6);
      assertEquals(CE_ONE_POINT + spatial, t.total().getFloat(), 1e-6);
    }
  }

  @Test
  void contrastiveTermUsesTau() {
    try (NDManager m = NDManager.newBaseManager()) {
      // class 0: -log(exp(1/0.5) / exp(0/0.5)) = -2; class 1 likewise; mean -2
      PretrainObjective.Terms t = objective(PretrainObjective.Semantic.CONTRASTIVE, PretrainObjective.Spatial.OFF, null)
          .loss(points(m), XYZ, new int[] {0, 1}, text(m), null, 0, new Random(1));
      assertEquals(-2, t.semantic().getFloat(), 1e-6);
    }
  }

  @Test
  void selfTrainingSwitchesTargetsOnlyFromItsStartEpoch() {
    try (NDManager m = NDManager.newBaseManager()) {
      // point 0 is labelled 1 by its pixel but predicted 0 by the network; point 1 is unpaired
      int[] pixel = {1, I};
      PretrainObjective o = objective(PretrainObjective.Semantic.CROSS_ENTROPY, PretrainObjective.Spatial.OFF,
          new SelfTraining(2, 1.0, SelfTraining.Granularity.POINT));
      PretrainObjective.Terms before = o.loss(points(m), XYZ, pixel, text(m), null, 1, new Random(1));
      assertEquals(0, before.switched());
      assertEquals(Math.log(1 + Math.exp(1)), before.semantic().getFloat(), 1e-6, "CE of logit 0 for the pixel's class 1");
      PretrainObjective.Terms after = o.loss(points(m), XYZ, pixel, text(m), null, 2, new Random(1));
      assertEquals(1, after.switched(), "the paired point takes the prediction; the unpaired one stays ignored");
      assertEquals(CE_ONE_POINT, after.semantic().getFloat(), 1e-6);
    }
  }

  @Test
  void batchSelfTrainingSwitchesAllOrNothing() {
    try (NDManager m = NDManager.newBaseManager()) {
      PretrainObjective o = objective(PretrainObjective.Semantic.CROSS_ENTROPY, PretrainObjective.Spatial.OFF,
          new SelfTraining(0, 0.5, SelfTraining.Granularity.BATCH));
      int[] pixel = {1, 0};
      int switchedBatches = 0;
      Random random = new Random(7);
      for (int b = 0; b < 40; b++) {
        int s = o.loss(points(m), XYZ, pixel, text(m), null, 0, random).switched();
        assertEquals(0, s % 2, "both points switch or neither");
        if (s == 2) switchedBatches++;
      }
      assertEquals(true, switchedBatches > 5 && switchedBatches < 35, switchedBatches + " of 40 batches switched at p = 0.5");
    }
  }

  private static NDArray points(NDManager m) {
    return m.create(new float[] {1, 0, 0, 1}, new Shape(2, 2)).toType(DataType.FLOAT32, false);
  }

  private static NDArray text(NDManager m) {
    return m.create(new float[] {1, 0, 0, 1}, new Shape(2, 2));
  }
}
