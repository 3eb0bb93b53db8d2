package dev.clip2scene.model.sparse;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/** Row selection that stays deterministic under autograd. */
public final class Rows {
  private Rows() {}

  /**
   * Rows of x by int64 index, as an embedding lookup: its CPU backward sums duplicate rows in a fixed order,
   * where indexing's backward (index_put with accumulate) adds them in parallel in varying order.
   */
  public static NDArray gather(NDArray x, NDArray index) {
    return JniUtils.embedding((PtNDArray) index, (PtNDArray) x, false);
  }
}
