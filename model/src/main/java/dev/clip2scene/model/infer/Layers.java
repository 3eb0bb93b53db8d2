package dev.clip2scene.model.infer;

/**
 * The operations eval-mode networks are made of, over some engine's feature tensors T (rows of voxels of one level,
 * or rows of kept points). A folded network's topology is written once against this interface; the CPU engine runs
 * it on float arrays, the CUDA engine records it into a launch plan.
 */
public interface Layers<T> {
  /** The batch's per-voxel input features (level 0). */
  T voxelInput();

  /** relu?(sum over the map's offsets of x[in] W[k] + b [+ add]): ADD is summed before the ReLU. */
  T conv(FoldedConv c, T x, MapRef map, T add);

  /** The layer on every row alone (a 1x1 convolution). */
  T dense(FoldedConv c, T x);

  /** Rows side by side: [a | b]. */
  T concat(T a, T b);

  /**
   * Voxel features of a level at the points, plus PLUS (null: none): each point's own voxel when NEAREST, else
   * trilinear over the 8 voxels around the point at the level's size (absent voxels weigh 0, weights renormalised).
   */
  T toPoints(T voxels, int level, boolean nearest, T plus);

  /** Per voxel of a level, the mean of its points' features. */
  T average(T points, int level);
}
