package dev.clip2scene.model.sparse;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** A dense layer on rows: x W + b, W shaped (in, out). */
public final class Linear {
  private final NDArray weight;
  private final NDArray bias;

  public Linear(Weights w, String name, int in, int out) {
    double bound = 1 / Math.sqrt(in);
    weight = w.uniform(name + ".weight", new Shape(in, out), bound);
    bias = w.uniform(name + ".bias", new Shape(out), bound);
  }

  public NDArray forward(NDArray x) {
    return x.matMul(weight).add(bias);
  }
}
