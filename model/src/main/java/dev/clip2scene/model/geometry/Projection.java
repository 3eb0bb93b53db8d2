package dev.clip2scene.model.geometry;

import java.util.Arrays;

/**
 * Reusable result of projecting N points into one camera: pixel (u, v) in the raw image, depth (z in the camera's
 * optical frame) and whether the point pairs with a pixel. Arrays grow on demand and are reused across frames, so a
 * node projecting every cloud allocates nothing in steady state. Not thread-safe.
 */
public final class Projection {
  private float[] u = new float[0];
  private float[] v = new float[0];
  private float[] depth = new float[0];
  private boolean[] valid = new boolean[0];
  private int size;
  private int validCount;

  /** Makes room for COUNT points and clears the counts; called by the projection routines. */
  void reset(int count) {
    if (u.length < count) {
      int cap = Math.max(count, u.length + (u.length >> 1));
      u = Arrays.copyOf(u, cap);
      v = Arrays.copyOf(v, cap);
      depth = Arrays.copyOf(depth, cap);
      valid = Arrays.copyOf(valid, cap);
    }
    size = count;
    validCount = 0;
  }

  void set(int i, float pu, float pv, float z, boolean ok) {
    u[i] = pu;
    v[i] = pv;
    depth[i] = z;
    valid[i] = ok;
    if (ok) validCount++;
  }

  /** Marks point I as not paired (e.g. occluded). */
  public void invalidate(int i) {
    if (valid[i]) {
      valid[i] = false;
      validCount--;
    }
  }

  public int size() {
    return size;
  }

  public int validCount() {
    return validCount;
  }

  public float u(int i) {
    return u[i];
  }

  public float v(int i) {
    return v[i];
  }

  public float depth(int i) {
    return depth[i];
  }

  public boolean valid(int i) {
    return valid[i];
  }
}
