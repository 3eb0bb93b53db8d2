package dev.clip2scene.model.sim;

/** An analytic solid of the world with its material; its footprint bounds feed the spatial index. */
public interface Primitive {
  /**
   * Intersects the ray (O, D), D of unit length, and records the hit in HIT when it is nearer than HIT.t.
   * Returns whether HIT was updated.
   */
  boolean intersect(double ox, double oy, double oz, double dx, double dy, double dz, Hit hit);

  Material material();

  double minX();

  double maxX();

  double minY();

  double maxY();

  double maxZ();
}
