package dev.clip2scene.model.infer;

/**
 * A row-major rows x cols float matrix: one feature vector per voxel or point, in the first rows x cols values of
 * {@code values} (an array from a {@link RowArena} may be longer).
 */
public record FeatureRows(float[] values, int rows, int cols) {
  public FeatureRows {
    if (rows < 0 || cols < 0 || (long) rows * cols > values.length) {
      throw new IllegalArgumentException(rows + " x " + cols + " rows over " + values.length + " values");
    }
  }

  public static FeatureRows zeros(int rows, int cols) {
    return new FeatureRows(new float[Math.multiplyExact(rows, cols)], rows, cols);
  }
}
