package dev.clip2scene.model.sim;

/**
 * A ray's nearest intersection so far (mutable scratch, one per thread): distance along the unit ray, the
 * primitive (-1 for the ground), the world-space normal and surface coordinates (u, v) in metres for textures.
 */
public final class Hit {
  public double t;
  public int primitive;
  public double nx, ny, nz;
  /** Texture coordinates on the face hit, metres (facade: along the wall and height; top: the two ground axes). */
  public double u, v;
  /** Which face: 0 side along local x, 1 side along local y, 2 top or bottom (boxes); 0 for curved shapes. */
  public int face;

  public void reset(double tMax) {
    t = tMax;
    primitive = -1;
  }
}
