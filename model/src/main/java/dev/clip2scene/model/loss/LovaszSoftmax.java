package dev.clip2scene.model.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.clip2scene.model.sparse.Scalars;

/**
 * The Lovasz-softmax loss (Berman et al., CVPR 2018), a convex surrogate of 1 - IoU used with cross-entropy for
 * fine-tuning: per class, the point errors |[y = c] - p_c| sorted in decreasing order, dotted with the gradient of
 * the Lovasz extension of the Jaccard loss; averaged over the classes present in the labels.
 */
public final class LovaszSoftmax {
  /**
   * @param probabilities N x C class probabilities (softmax output)
   * @param labels N labels, {@link PseudoLabels#IGNORE} for points left out
   */
  public NDArray loss(NDArray probabilities, int[] labels) {
    int n = (int) probabilities.getShape().get(0);
    int classes = (int) probabilities.getShape().get(1);
    PseudoLabels.check(labels, n, classes);
    NDManager m = probabilities.getManager();
    int[] keep = java.util.stream.IntStream.range(0, n).filter(i -> labels[i] != PseudoLabels.IGNORE).toArray();
    if (keep.length == 0) return Scalars.zeroFrom(probabilities);
    NDArray p = probabilities.get(m.create(java.util.Arrays.stream(keep).asLongStream().toArray()));
    NDArray columns = p.transpose(); // C x M
    NDArray total = null;
    int present = 0;
    for (int c = 0; c < classes; c++) {
      float[] fg = new float[keep.length];
      int positives = 0;
      for (int j = 0; j < keep.length; j++) {
        if (labels[keep[j]] == c) {
          fg[j] = 1f;
          positives++;
        }
      }
      if (positives == 0) continue;
      NDArray foreground = m.create(fg).toType(p.getDataType(), false);
      NDArray errors = foreground.sub(columns.get(c)).abs();
      long[] order = errors.stopGradient().argSort(0, false).toLongArray();
      float[] weights = jaccardGradient(fg, order);
      NDArray term = errors.get(m.create(order)).mul(m.create(weights).toType(p.getDataType(), false)).sum();
      total = total == null ? term : total.add(term);
      present++;
    }
    return total.div(Scalars.of(total, present));
  }

  /** The Lovasz extension's gradient for foreground indicators FG visited in ORDER. */
  static float[] jaccardGradient(float[] fg, long[] order) {
    double positives = 0;
    for (float f : fg) positives += f;
    float[] g = new float[order.length];
    double cumFg = 0, previous = 0;
    for (int k = 0; k < order.length; k++) {
      double f = fg[(int) order[k]];
      cumFg += f;
      double intersection = positives - cumFg;
      double union = positives + (k + 1 - cumFg);
      double jaccard = 1 - intersection / union;
      g[k] = (float) (jaccard - previous);
      previous = jaccard;
    }
    return g;
  }
}
