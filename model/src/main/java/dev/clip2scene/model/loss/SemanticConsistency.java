package dev.clip2scene.model.loss;

import ai.djl.ndarray.NDArray;

/**
 * Semantic consistency between point features and the text embeddings of their pixels' pseudo-labels
 * (METHOD.md loss 1). Implementations: the paper's class-wise contrastive form and the reference code's
 * cross-entropy.
 */
public interface SemanticConsistency {
  /**
   * @param points N x D point features (under autograd when training)
   * @param text C x D text embeddings (constants)
   * @param labels N pseudo-labels, {@link PseudoLabels#IGNORE} where unpaired
   * @return a scalar loss
   */
  NDArray loss(NDArray points, NDArray text, int[] labels);
}
