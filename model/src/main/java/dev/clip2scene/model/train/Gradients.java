package dev.clip2scene.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;

/** Checks on parameter gradients between backward and the optimizer step. */
public final class Gradients {
  private Gradients() {}

  /** Whether every gradient of PARAMETERS is free of NaN and infinity. */
  public static boolean allFinite(List<NDArray> parameters) {
    for (NDArray p : parameters) {
      try (NDManager scope = p.getManager().newSubManager()) {
        NDArray g = Scoped.in(scope, p.getGradient());
        boolean bad = Scoped.in(scope, Scoped.in(scope, g.isNaN()).logicalOr(Scoped.in(scope, g.isInfinite())).any()).getBoolean();
        if (bad) return false;
      }
    }
    return true;
  }

  /** Sets every gradient to zero (as a skipped step must, since gradients accumulate). */
  public static void zero(List<NDArray> parameters) {
    for (NDArray p : parameters) Scoped.zeroGradient(p);
  }
}
