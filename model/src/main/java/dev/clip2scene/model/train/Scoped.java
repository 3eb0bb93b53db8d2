package dev.clip2scene.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;

/** Moves a temporary into a short-lived scope, so that per-step temporaries never pile up in long-lived managers. */
final class Scoped {
  private Scoped() {}

  static NDArray in(NDManager scope, NDArray temporary) {
    temporary.attach(scope);
    return temporary;
  }

  static void zeroGradient(NDArray parameter) {
    parameter.getGradient().set(new NDIndex("..."), 0); // not g - g, which keeps a NaN
  }
}
