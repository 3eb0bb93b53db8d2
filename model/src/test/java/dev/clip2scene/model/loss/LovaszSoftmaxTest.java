package dev.clip2scene.model.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.clip2scene.model.metrics.ConfusionMatrix;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LovaszSoftmaxTest {
  @Test
  void equalsOneMinusIouAtHardPredictions() {
    // the Lovasz extension agrees with the set function on vertices: one-hot probabilities give mean(1 - IoU_c)
    Random r = new Random(5);
    int n = 60, c = 4;
    int[] truth = new int[n];
    int[] pred = new int[n];
    double[] p = new double[n * c];
    for (int i = 0; i < n; i++) {
      truth[i] = r.nextInt(c - 1); // class 3 never in the truth: left out of the average
      pred[i] = r.nextInt(c);
      p[i * c + pred[i]] = 1;
    }
    ConfusionMatrix cm = new ConfusionMatrix(c, -1);
    cm.add(truth, pred);
    double[] iou = cm.iou();
    double expected = (3 - iou[0] - iou[1] - iou[2]) / 3;
    try (NDManager m = NDManager.newBaseManager()) {
      double v = new LovaszSoftmax().loss(m.create(p, new Shape(n, c)), truth).getDouble();
      assertEquals(expected, v, 1e-6);
    }
  }

  @Test
  void softCaseByHandAndGradientFlows() {
    // two points, both class 0, p0 = (0.8, 0.2), (0.4, 0.6). Class 0 errors 0.2, 0.6 sorted (0.6, 0.2);
    // Jaccard gradient for fg (1, 1): 1 - 1/2 = 0.5, then 1 - 0 - 0.5 = 0.5 -> 0.5 * 0.6 + 0.5 * 0.2 = 0.4
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray p = m.create(new double[] {0.8, 0.2, 0.4, 0.6}, new Shape(2, 2));
      p.setRequiresGradient(true);
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray l = new LovaszSoftmax().loss(p, new int[] {0, 0});
        assertEquals(0.4, l.getDouble(), 1e-12);
        gc.backward(l);
      }
      // d/dp00 of 0.5 * (1 - p00) = -0.5; class 1 is absent and gets no gradient
      double[] g = p.getGradient().toDoubleArray();
      assertEquals(-0.5, g[0], 1e-12);
      assertEquals(0.0, g[1], 1e-12);
    }
  }
}
