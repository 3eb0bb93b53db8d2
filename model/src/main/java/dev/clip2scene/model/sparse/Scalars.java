package dev.clip2scene.model.sparse;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Scalar operands for arithmetic under autograd. DJL's {@code mul(Number)}, {@code div(Number)},
 * {@code maximum(Number)} ... wrap the number in a tensor over a Java direct buffer and close it right after the
 * forward op, but the op's backward keeps reading that tensor: once the garbage collector frees the buffer, the
 * gradient reads freed memory (wrong or non-finite values, depending on when the collector ran). These tensors are
 * allocated by libtorch, so the backward's reference keeps them alive. ({@code add(Number)} and {@code sub(Number)}
 * are safe: their backward does not read the operand.)
 */
public final class Scalars {
  private Scalars() {}

  /** A 0-d tensor holding VALUE, in LIKE's type and device (0-d, so it never widens LIKE's type). */
  public static NDArray of(NDArray like, double value) {
    return JniUtils.full((PtNDManager) like.getManager(), new Shape(), value, like.getDataType(), like.getDevice(), SparseFormat.DENSE);
  }

  /** Zero with a gradient path from X (a loss with nothing to compare, so callers need no special case). */
  public static NDArray zeroFrom(NDArray x) {
    return x.sum().mul(of(x, 0));
  }
}
