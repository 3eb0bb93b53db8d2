package dev.clip2scene.model.clip;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** Layer normalisation over the last axis with CLIP's epsilon. */
record LayerNorm(NDArray gain, NDArray bias) {
  static final float EPSILON = 1e-5f;

  NDArray apply(NDArray x) {
    return ai.djl.nn.norm.LayerNorm.layerNorm(x, new Shape(gain.getShape().get(0)), gain, bias, EPSILON).singletonOrThrow();
  }
}
