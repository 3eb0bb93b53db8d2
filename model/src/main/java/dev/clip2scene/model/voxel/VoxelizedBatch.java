package dev.clip2scene.model.voxel;

/**
 * Unique voxels of a batch of clouds and the point -> voxel maps.
 *
 * @param inputPoints points given, all clouds together
 * @param kept for each kept point, its index among the input points (clouds concatenated)
 * @param pointPosition kept points in voxel units (x / voxel size), 3 per point
 * @param pointFeatures kept points' features, {@code channels} per point
 * @param pointVoxel for each kept point, its voxel index
 * @param voxelKeys packed voxel keys ({@link CoordKeys}), in order of first occurrence
 * @param voxelFeatures per-voxel mean of its points' features, {@code channels} per voxel
 * @param rejectedNonFinite points with a NaN or infinite coordinate or feature
 * @param rejectedOutside points outside the crop box or the coordinate range
 */
public record VoxelizedBatch(
    int inputPoints,
    int batchSize,
    int channels,
    int[] kept,
    float[] pointPosition,
    float[] pointFeatures,
    int[] pointBatch,
    int[] pointVoxel,
    long[] voxelKeys,
    float[] voxelFeatures,
    int rejectedNonFinite,
    int rejectedOutside) {

  public int pointCount() {
    return kept.length;
  }

  public int voxelCount() {
    return voxelKeys.length;
  }
}
