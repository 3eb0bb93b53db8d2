package dev.clip2scene.model.infer;

/** A residual block folded for inference: relu(conv2(relu(conv1 x)) + skip), skip = x or a 1x1 projection. */
public record FoldedResidual(FoldedConv conv1, FoldedConv conv2, FoldedConv projection) {
  /** The block on rows of LEVEL's voxels; both convolutions share the level's 3x3x3 submanifold map. */
  public <T> T apply(Layers<T> layers, T x, int level) {
    MapRef map = MapRef.submanifold(level, 3);
    T h = layers.conv(conv1, x, map, null);
    T skip = projection == null ? x : layers.dense(projection, x);
    return layers.conv(conv2, h, map, skip);
  }
}
