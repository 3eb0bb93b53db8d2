package dev.clip2scene.model.voxel;

/**
 * Points as one interleaved float array: x, y, z (metres) followed by {@code stride - 3} feature values per point
 * (intensity outdoors, r, g, b indoors).
 */
public record PointCloud(float[] data, int stride) {
  public PointCloud {
    if (stride < 3) throw new IllegalArgumentException("point stride " + stride + " < 3 (x, y, z)");
    if (data.length % stride != 0) {
      throw new IllegalArgumentException("point array of " + data.length + " floats is not a multiple of stride " + stride);
    }
  }

  public int size() {
    return data.length / stride;
  }

  public int channels() {
    return stride - 3;
  }
}
