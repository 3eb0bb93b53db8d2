package dev.clip2scene.model.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** A restored optimizer continues exactly as the original would have. */
class OptimizerSnapshotTest {
  @Test
  void sgdAndAdamWContinueFromASnapshot() {
    check(Sgd::reference);
    check(AdamW::defaults);
  }

  private static void check(Function<NDManager, Optimizer> make) {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray a = param(m);
      NDArray b = param(m);
      try (Optimizer first = make.apply(m); Optimizer second = make.apply(m)) {
        for (int i = 0; i < 3; i++) step(first, a, i);
        Optimizer.Snapshot s = first.snapshot();
        assertEquals(3, s.steps());
        b.set(a.toFloatArray());
        second.restore(List.of(b), s);
        for (int i = 3; i < 6; i++) {
          step(first, a, i);
          step(second, b, i);
        }
        assertArrayEquals(a.toFloatArray(), b.toFloatArray(), 0f);
      }
    }
  }

  private static NDArray param(NDManager m) {
    NDArray p = m.create(new float[] {1f, -2f, 0.5f});
    p.setRequiresGradient(true);
    return p;
  }

  /** A gradient that depends on the step and the parameter: d/dp sum(w * p^2) = 2 w p. */
  private static void step(Optimizer o, NDArray p, int i) {
    try (NDManager s = p.getManager().newSubManager(); ai.djl.training.GradientCollector gc = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
      gc.backward(p.square().mul(s.create(new float[] {0.1f * i, -0.2f, 0.3f + i})).sum());
    }
    o.step(List.of(p), 0.1);
  }
}
