package dev.clip2scene.model.geometry;

import java.util.Arrays;

/**
 * A z-buffer over an image, in cells of CELL x CELL pixels, for the optional occlusion test: a point pairs with its
 * pixel only when its depth is within a tolerance of the buffer's depth there. Filled either from the projected
 * points themselves (nearest depth per cell, for LiDAR) or from a sensor depth image (the ScanNet variant, 0.05 m).
 * Not thread-safe; reuse one per camera.
 */
public final class DepthBuffer {
  private final int width, height, cell, columns, rows;
  private final float[] depth;

  public DepthBuffer(int width, int height, int cell) {
    if (width <= 0 || height <= 0 || cell <= 0) {
      throw new IllegalArgumentException("bad depth buffer size " + width + "x" + height + " cell " + cell);
    }
    this.width = width;
    this.height = height;
    this.cell = cell;
    this.columns = (width + cell - 1) / cell;
    this.rows = (height + cell - 1) / cell;
    this.depth = new float[columns * rows];
    clear();
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  public int cell() {
    return cell;
  }

  /** Forgets every depth (cells become unknown). */
  public void clear() {
    Arrays.fill(depth, Float.POSITIVE_INFINITY);
  }

  private int index(float u, float v) {
    return ((int) v / cell) * columns + (int) u / cell;
  }

  /** Keeps, per cell, the nearest depth of the valid points of P. */
  public void splat(Projection p) {
    for (int i = 0, n = p.size(); i < n; i++) {
      if (!p.valid(i)) continue;
      int c = index(p.u(i), p.v(i));
      if (p.depth(i) < depth[c]) depth[c] = p.depth(i);
    }
  }

  /**
   * Loads a row-major depth image in metres of exactly this buffer's size (cell 1 expected); zero or non-finite
   * values mean no measurement.
   */
  public void load(float[] image) {
    if (cell != 1 || image.length != width * height) {
      throw new IllegalArgumentException("depth image of " + image.length + " values does not fit a " + width + "x"
          + height + " buffer with cell 1");
    }
    for (int i = 0; i < image.length; i++) {
      float d = image[i];
      depth[i] = d > 0 && Float.isFinite(d) ? d : Float.POSITIVE_INFINITY;
    }
  }

  /**
   * Invalidates the valid points of P whose depth differs by more than TOLERANCE metres from the buffer at their
   * pixel, or that fall on an unknown cell. Returns how many were removed.
   */
  public int occlude(Projection p, double tolerance) {
    if (p.size() > 0 && !(tolerance >= 0)) throw new IllegalArgumentException("tolerance must be >= 0: " + tolerance);
    int removed = 0;
    for (int i = 0, n = p.size(); i < n; i++) {
      if (!p.valid(i)) continue;
      float ref = depth[index(p.u(i), p.v(i))];
      if (!(Math.abs(p.depth(i) - ref) <= tolerance)) {
        p.invalidate(i);
        removed++;
      }
    }
    return removed;
  }
}
