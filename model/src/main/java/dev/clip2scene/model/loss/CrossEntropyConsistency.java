package dev.clip2scene.model.loss;

import ai.djl.ndarray.NDArray;
import dev.clip2scene.model.sparse.Scalars;

/**
 * The reference code's semantic consistency: cross-entropy between the point logits (p_i . t_c, unnormalised
 * features) and the pixel pseudo-labels, averaged over labelled points.
 */
public final class CrossEntropyConsistency implements SemanticConsistency {
  @Override
  public NDArray loss(NDArray points, NDArray text, int[] labels) {
    int n = (int) points.getShape().get(0);
    int classes = (int) text.getShape().get(0);
    PseudoLabels.check(labels, n, classes);
    int labelled = Masks.labelled(labels);
    if (labelled == 0) return Scalars.zeroFrom(points);
    NDArray target = Masks.oneHot(points.getManager(), labels, classes, points.getDataType());
    NDArray logProb = points.matMul(text.transpose()).logSoftmax(1);
    return logProb.mul(target).sum().neg().div(Scalars.of(points, labelled));
  }
}
