package dev.clip2scene.model.clip;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/** Copies checked tensors from a {@link TensorSource} into NDArrays owned by one manager (the model's). */
final class NdWeights {
  private final TensorSource source;
  private final NDManager manager;

  NdWeights(TensorSource source, NDManager manager) {
    this.source = source;
    this.manager = manager;
  }

  TensorSource source() {
    return source;
  }

  NDArray tensor(String name, long... shape) {
    return manager.create(source.floats(name, shape), new Shape(shape));
  }

  /**
   * A torch Linear weight [out, in] (or a convolution kernel [out, in...], flattened) stored transposed as
   * [in, out], so that x.matMul(w) applies it.
   */
  NDArray linear(String name, long... shape) {
    float[] w = source.floats(name, shape);
    int out = Math.toIntExact(shape[0]);
    int in = w.length / out;
    return manager.create(Matrices.transpose(w, out, in), new Shape(in, out));
  }

  LayerNorm layerNorm(String prefix, long width) {
    return new LayerNorm(tensor(prefix + ".weight", width), tensor(prefix + ".bias", width));
  }
}
