package dev.clip2scene.model.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/** Label masks and masked reductions shared by the losses. */
final class Masks {
  /** Added to masked-out logits so that exp() underflows to exactly 0 without producing NaN gradients. */
  static final float MASKED = -1e9f;

  private Masks() {}

  /** N x C one-hot of LABELS in DTYPE; rows of ignored points are all zero. */
  static NDArray oneHot(NDManager m, int[] labels, int classes, DataType dtype) {
    float[] v = new float[labels.length * classes];
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] != PseudoLabels.IGNORE) v[i * classes + labels[i]] = 1f;
    }
    return m.create(v, new Shape(labels.length, classes)).toType(dtype, false);
  }

  static int labelled(int[] labels) {
    int n = 0;
    for (int y : labels) if (y != PseudoLabels.IGNORE) n++;
    return n;
  }

  /**
   * log(sum(exp(x))) along AXIS over entries where MASK is 1 (entries with mask 0 contribute nothing). Every
   * slice must hold at least one unmasked entry, else the result is -infinity.
   */
  static NDArray maskedLogSumExp(NDArray x, NDArray mask, int axis) {
    NDArray shifted = x.add(mask.sub(1).mul(-MASKED));
    NDArray max = shifted.max(new int[] {axis}, true).stopGradient();
    return shifted.sub(max).exp().mul(mask).sum(new int[] {axis}).log().add(max.squeeze(axis));
  }
}
