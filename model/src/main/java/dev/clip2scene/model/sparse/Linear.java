package dev.clip2scene.model.sparse;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** A dense layer on rows: x W + b, W shaped (in, out). */
public final class Linear {
  private final NDArray weight;
  private final NDArray bias;
  private final int in;
  private final int out;

  public Linear(Weights w, String name, int in, int out) {
    this.in = in;
    this.out = out;
    double bound = 1 / Math.sqrt(in);
    weight = w.uniform(name + ".weight", new Shape(in, out), bound);
    bias = w.uniform(name + ".bias", new Shape(out), bound);
  }

  public int in() {
    return in;
  }

  public int out() {
    return out;
  }

  public NDArray forward(ForwardContext ctx, NDArray x) {
    ctx.addMacs(x.getShape().get(0) * in * out);
    return x.matMul(weight).add(bias);
  }
}
