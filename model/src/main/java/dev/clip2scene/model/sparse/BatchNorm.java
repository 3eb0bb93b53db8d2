package dev.clip2scene.model.sparse;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** Batch normalisation over rows (N x C): batch statistics and running-average update in training, running statistics in eval. */
public final class BatchNorm {
  /** Weight of the new batch in the running averages (PyTorch convention; DJL takes the old statistics weight). */
  static final float MOMENTUM = 0.1f;
  /** Added to the variance (PyTorch's default); inference folds it in too ({@code model.infer.Folding}). */
  public static final float EPSILON = 1e-5f;
  private final NDArray gamma;
  private final NDArray beta;
  private final NDArray runningMean;
  private final NDArray runningVar;

  public BatchNorm(Weights w, String name, int channels) {
    Shape s = new Shape(channels);
    gamma = w.constant(name + ".weight", s, 1);
    beta = w.constant(name + ".bias", s, 0);
    runningMean = w.buffer(name + ".running_mean", s, 0);
    runningVar = w.buffer(name + ".running_var", s, 1);
  }

  public NDArray forward(ForwardContext ctx, NDArray x) {
    return ai.djl.nn.norm.BatchNorm.batchNorm(x, runningMean, runningVar, gamma, beta, 1, 1 - MOMENTUM, EPSILON, ctx.training())
        .singletonOrThrow();
  }
}
