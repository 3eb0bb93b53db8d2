package dev.clip2scene.model.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.clip2scene.model.sparse.Scalars;

/**
 * The paper's semantic consistency regularisation (CLIP2Scene Eq. 1): for each class c present among the
 * pseudo-labels, -log( sum_{i in c} exp(t_c . p_i / tau) / sum_{j not in c} exp(t_c . p_j / tau) ), averaged over
 * the present classes. A class with no negative points (every labelled point is of class c) has no denominator
 * and is left out; when no class is left the loss is zero (with a gradient path, so callers need no special case).
 */
public final class ContrastiveConsistency implements SemanticConsistency {
  /** The paper's temperature. */
  public static final double PAPER_TAU = 0.5;

  private final double tau;

  public ContrastiveConsistency(double tau) {
    if (!(tau > 0)) throw new IllegalArgumentException("temperature must be > 0, got " + tau);
    this.tau = tau;
  }

  public double tau() {
    return tau;
  }

  @Override
  public NDArray loss(NDArray points, NDArray text, int[] labels) {
    int n = (int) points.getShape().get(0);
    int classes = (int) text.getShape().get(0);
    PseudoLabels.check(labels, n, classes);
    int labelled = Masks.labelled(labels);
    int[] count = new int[classes];
    for (int y : labels) if (y != PseudoLabels.IGNORE) count[y]++;
    int[] used = java.util.stream.IntStream.range(0, classes).filter(c -> count[c] > 0 && count[c] < labelled).toArray();
    if (used.length == 0) return Scalars.zeroFrom(points);

    NDManager m = points.getManager();
    // rows: used classes; columns: points
    float[] pos = new float[used.length * n];
    float[] neg = new float[used.length * n];
    for (int k = 0; k < used.length; k++) {
      for (int i = 0; i < n; i++) {
        if (labels[i] == PseudoLabels.IGNORE) continue;
        (labels[i] == used[k] ? pos : neg)[k * n + i] = 1f;
      }
    }
    Shape shape = new Shape(used.length, n);
    NDArray positives = m.create(pos, shape).toType(points.getDataType(), false);
    NDArray negatives = m.create(neg, shape).toType(points.getDataType(), false);
    long[] rows = java.util.Arrays.stream(used).asLongStream().toArray();
    NDArray usedText = text.get(m.create(rows));
    NDArray logits = usedText.matMul(points.transpose()).div(Scalars.of(points, tau)); // used x N
    NDArray numerator = Masks.maskedLogSumExp(logits, positives, 1);
    NDArray denominator = Masks.maskedLogSumExp(logits, negatives, 1);
    return denominator.sub(numerator).mean();
  }
}
