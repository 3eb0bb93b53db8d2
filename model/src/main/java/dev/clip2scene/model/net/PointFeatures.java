package dev.clip2scene.model.net;

/**
 * Per-point network output for one cloud, in input order: {@code points x dim} row-major; rows of rejected points
 * (NaN/inf, outside the crop) are zero and {@code kept[i]} is false for them.
 */
public record PointFeatures(int points, int dim, float[] values, boolean[] kept) {}
