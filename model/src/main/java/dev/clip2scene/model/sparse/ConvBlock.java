package dev.clip2scene.model.sparse;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/** Convolution, batch norm, ReLU: the strided down/up blocks and the stems of the U-Nets. */
public final class ConvBlock {
  private final SparseConv conv;
  private final BatchNorm norm;

  public ConvBlock(Weights w, String name, int volume, int in, int out) {
    conv = new SparseConv(w, name + ".conv", volume, in, out);
    norm = new BatchNorm(w, name + ".bn", out);
  }

  public SparseConv conv() {
    return conv;
  }

  public BatchNorm norm() {
    return norm;
  }

  public NDArray forward(ForwardContext ctx, NDArray x, KernelMap map) {
    return Activation.relu(norm.forward(ctx, conv.forward(ctx, x, map)));
  }
}
