package dev.clip2scene.model.net;

/**
 * Per-point result for one cloud, in input order.
 *
 * @param labels class index per point; -1 for points the voxelizer rejected (NaN/inf, outside the crop)
 * @param scores softmax probability of the chosen class over the dot products with every class; 0 when rejected
 */
public record Segmentation(int[] labels, float[] scores, int rejected) {}
