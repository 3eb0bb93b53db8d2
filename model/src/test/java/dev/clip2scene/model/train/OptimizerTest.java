package dev.clip2scene.model.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Optimizer steps against the update rules written out by hand for a parameter whose loss is sum(c * p). */
class OptimizerTest {
  private static final double[] C = {1.0, -2.0, 0.5};

  /** Runs STEPS steps of loss = sum(C * p) (gradient C) from P0 and returns p. */
  private static double[] run(java.util.function.Function<NDManager, Optimizer> make, double[] p0, int steps, double lr) {
    try (NDManager m = NDManager.newBaseManager(); Optimizer opt = make.apply(m)) {
      NDArray p = m.create(p0.clone());
      p.setRequiresGradient(true);
      for (int s = 0; s < steps; s++) {
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
          gc.backward(p.mul(m.create(C)).sum());
        }
        opt.step(List.of(p), lr);
      }
      assertEquals(steps, opt.steps());
      return p.toDoubleArray();
    }
  }

  @Test
  void sgdWithMomentumDampeningAndDecay() {
    double[] p0 = {0.3, 0.1, -0.2};
    double lr = 0.1, mom = 0.9, damp = 0.1, wd = 1e-2;
    double[] p = p0.clone(), b = new double[3];
    for (int s = 0; s < 3; s++) {
      for (int k = 0; k < 3; k++) {
        double g = C[k] + wd * p[k];
        b[k] = s == 0 ? g : mom * b[k] + (1 - damp) * g;
        p[k] -= lr * b[k];
      }
    }
    assertArrayEquals(p, run(m -> new Sgd(m, mom, damp, wd), p0, 3, lr), 1e-12);
    // no momentum: plain gradient steps
    assertArrayEquals(new double[] {0.3 - 0.2, 0.1 + 0.4, -0.2 - 0.1},
        run(m -> new Sgd(m, 0, 0, 0), p0, 2, 0.1), 1e-12);
  }

  @Test
  void adamWFirstStepsByHand() {
    double[] p0 = {0.3, 0.1, -0.2};
    double lr = 0.01, b1 = 0.9, b2 = 0.999, eps = 1e-8, wd = 0.1;
    double[] p = p0.clone(), mm = new double[3], v = new double[3];
    for (int t = 1; t <= 4; t++) {
      for (int k = 0; k < 3; k++) {
        mm[k] = b1 * mm[k] + (1 - b1) * C[k];
        v[k] = b2 * v[k] + (1 - b2) * C[k] * C[k];
        p[k] *= 1 - lr * wd;
        p[k] -= lr * (mm[k] / (1 - Math.pow(b1, t))) / (Math.sqrt(v[k] / (1 - Math.pow(b2, t))) + eps);
      }
    }
    assertArrayEquals(p, run(m -> new AdamW(m, b1, b2, eps, wd), p0, 4, lr), 1e-12);
  }

  @Test
  void cosineScheduleEndsAtItsFloor() {
    CosineSchedule s = new CosineSchedule(0.1, 0.0, 100, 0);
    assertEquals(0.1, s.rate(0), 1e-15);
    assertEquals(0.05, s.rate(50), 1e-15);
    assertEquals(0.0, s.rate(100), 1e-15);
    assertEquals(0.0, s.rate(500), 1e-15);
    CosineSchedule w = new CosineSchedule(0.1, 0.001, 100, 10);
    assertEquals(0.01, w.rate(0), 1e-15);
    assertEquals(0.1, w.rate(10), 1e-15);
    assertTrue(w.rate(60) < w.rate(30));
  }
}
