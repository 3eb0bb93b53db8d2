package dev.clip2scene.model.sparse;

import dev.clip2scene.model.voxel.PointCloud;
import dev.clip2scene.model.voxel.VoxelizedBatch;
import dev.clip2scene.model.voxel.Voxelizer;
import java.util.Random;

/** Small random clouds for layer tests: points in a box, so voxels have a few neighbours each. */
public final class RandomVoxels {
  private RandomVoxels() {}

  public static VoxelizedBatch cloud(int points, float extent, int channels, long seed) {
    Random r = new Random(seed);
    int stride = 3 + channels;
    float[] d = new float[points * stride];
    for (int i = 0; i < points; i++) {
      for (int k = 0; k < 3; k++) d[i * stride + k] = (r.nextFloat() * 2 - 1) * extent;
      for (int c = 0; c < channels; c++) d[i * stride + 3 + c] = r.nextFloat();
    }
    return new Voxelizer(1.0, null).voxelize(new PointCloud(d, stride));
  }

  public static double[] uniform(int n, long seed) {
    Random r = new Random(seed);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) v[i] = r.nextDouble() * 2 - 1;
    return v;
  }

  /** max |a - b| / max |b|. */
  public static double relativeError(double[] actual, double[] expected) {
    double diff = 0, scale = 0;
    for (int i = 0; i < expected.length; i++) {
      diff = Math.max(diff, Math.abs(actual[i] - expected[i]));
      scale = Math.max(scale, Math.abs(expected[i]));
    }
    return diff / scale;
  }

  public static double[] toDoubles(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) d[i] = f[i];
    return d;
  }
}
