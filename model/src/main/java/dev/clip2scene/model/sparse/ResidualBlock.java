package dev.clip2scene.model.sparse;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/**
 * Two submanifold 3x3x3 convolutions with batch norm, ReLU between, the input added back (through a 1x1
 * convolution and batch norm when the width changes), ReLU. Works on one level, so both convolutions share a map.
 */
public final class ResidualBlock {
  private final SparseConv conv1;
  private final BatchNorm norm1;
  private final SparseConv conv2;
  private final BatchNorm norm2;
  private final SparseConv projection;
  private final BatchNorm projectionNorm;

  public ResidualBlock(Weights w, String name, int in, int out) {
    conv1 = new SparseConv(w, name + ".conv1", 27, in, out);
    norm1 = new BatchNorm(w, name + ".bn1", out);
    conv2 = new SparseConv(w, name + ".conv2", 27, out, out);
    norm2 = new BatchNorm(w, name + ".bn2", out);
    projection = in == out ? null : new SparseConv(w, name + ".proj", 1, in, out);
    projectionNorm = in == out ? null : new BatchNorm(w, name + ".proj_bn", out);
  }

  public SparseConv conv1() {
    return conv1;
  }

  public BatchNorm norm1() {
    return norm1;
  }

  public SparseConv conv2() {
    return conv2;
  }

  public BatchNorm norm2() {
    return norm2;
  }

  /** The 1x1 convolution of the skip path, or null when the width does not change. */
  public SparseConv projection() {
    return projection;
  }

  public BatchNorm projectionNorm() {
    return projectionNorm;
  }

  public NDArray forward(ForwardContext ctx, NDArray x, int level) {
    KernelMap map = ctx.geometry().submanifold(level, 3);
    NDArray h = Activation.relu(norm1.forward(ctx, conv1.forward(ctx, x, map)));
    h = norm2.forward(ctx, conv2.forward(ctx, h, map));
    NDArray skip = projection == null ? x : projectionNorm.forward(ctx, projection.forward(ctx, x, ctx.geometry().pointwise(level)));
    return Activation.relu(h.add(skip));
  }
}
