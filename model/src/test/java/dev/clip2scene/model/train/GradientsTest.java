package dev.clip2scene.model.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.junit.jupiter.api.Test;

class GradientsTest {
  @Test
  void nonFiniteGradientsAreFoundAndCleared() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray a = m.create(new float[] {1, 2});
      NDArray b = m.create(new float[] {3});
      a.setRequiresGradient(true);
      b.setRequiresGradient(true);
      backward(m, a, b, new float[] {0.5f, -1f}, 2f);
      assertTrue(Gradients.allFinite(List.of(a, b)));
      Gradients.zero(List.of(a, b));
      backward(m, a, b, new float[] {0.5f, -1f}, Float.NaN);
      assertFalse(Gradients.allFinite(List.of(a, b)));
      Gradients.zero(List.of(a, b));
      assertTrue(Gradients.allFinite(List.of(a, b)));
      assertArrayEquals(new float[] {0, 0}, a.getGradient().toFloatArray());
    }
  }

  /** d/da sum(a * x) = x, d/db (b * y) = y. */
  private static void backward(NDManager m, NDArray a, NDArray b, float[] x, float y) {
    try (NDManager s = m.newSubManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      gc.backward(a.mul(s.create(x)).sum().add(b.mul(y).sum()));
    }
  }
}
