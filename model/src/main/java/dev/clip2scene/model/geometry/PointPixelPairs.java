package dev.clip2scene.model.geometry;

import java.util.Arrays;

/**
 * Point-to-pixel pairs for a cloud and K cameras: pair j links point {@link #point(int)} to pixel ({@link #u},
 * {@link #v}) of camera {@link #camera(int)}, at depth {@link #depth}. A point seen by two cameras appears twice.
 * Pairs are ordered by camera, then by point index. Reusable across frames; not thread-safe.
 */
public final class PointPixelPairs {
  private int[] point = new int[0];
  private int[] camera = new int[0];
  private float[] u = new float[0];
  private float[] v = new float[0];
  private float[] depth = new float[0];
  private int size;

  void clear() {
    size = 0;
  }

  void add(int pointIndex, int cameraIndex, float pu, float pv, float z) {
    if (size == point.length) {
      int cap = Math.max(1024, size + (size >> 1));
      point = Arrays.copyOf(point, cap);
      camera = Arrays.copyOf(camera, cap);
      u = Arrays.copyOf(u, cap);
      v = Arrays.copyOf(v, cap);
      depth = Arrays.copyOf(depth, cap);
    }
    point[size] = pointIndex;
    camera[size] = cameraIndex;
    u[size] = pu;
    v[size] = pv;
    depth[size] = z;
    size++;
  }

  public int size() {
    return size;
  }

  public int point(int j) {
    return point[j];
  }

  public int camera(int j) {
    return camera[j];
  }

  public float u(int j) {
    return u[j];
  }

  public float v(int j) {
    return v[j];
  }

  public float depth(int j) {
    return depth[j];
  }
}
