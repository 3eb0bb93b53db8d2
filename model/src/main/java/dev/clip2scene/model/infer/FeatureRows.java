package dev.clip2scene.model.infer;

/** A row-major rows x cols float matrix: one feature vector per voxel or point. */
public record FeatureRows(float[] values, int rows, int cols) {
  public FeatureRows {
    if ((long) rows * cols != values.length) {
      throw new IllegalArgumentException(rows + " x " + cols + " rows over " + values.length + " values");
    }
  }

  public static FeatureRows zeros(int rows, int cols) {
    return new FeatureRows(new float[Math.multiplyExact(rows, cols)], rows, cols);
  }
}
