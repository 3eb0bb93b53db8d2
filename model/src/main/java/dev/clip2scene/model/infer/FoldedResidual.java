package dev.clip2scene.model.infer;

import dev.clip2scene.model.sparse.KernelMap;

/** A residual block folded for the CPU engine: relu(conv2(relu(conv1 x)) + skip), skip = x or a 1x1 projection. */
public record FoldedResidual(FoldedConv conv1, FoldedConv conv2, FoldedConv projection) {
  public FeatureRows apply(FusedPass pass, FeatureRows x, KernelMap map, KernelMap pointwise) {
    FeatureRows h = pass.conv(conv1, x, map, null);
    FeatureRows skip = projection == null ? x : pass.conv(projection, x, pointwise, null);
    return pass.conv(conv2, h, map, skip);
  }
}
