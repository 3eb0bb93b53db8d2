package dev.clip2scene.model.sim;

/** An analytic solid of the world with its material; its footprint bounds and top feed the spatial index. */
public abstract class Primitive {
  private final Material material;
  private final double minX, maxX, minY, maxY, maxZ;

  protected Primitive(Material material, double minX, double maxX, double minY, double maxY, double maxZ) {
    this.material = material;
    this.minX = minX;
    this.maxX = maxX;
    this.minY = minY;
    this.maxY = maxY;
    this.maxZ = maxZ;
  }

  /**
   * Intersects the ray (O, D), D of unit length, and records the hit in HIT when it is nearer than HIT.t.
   * Returns whether HIT was updated.
   */
  public abstract boolean intersect(double ox, double oy, double oz, double dx, double dy, double dz, Hit hit);

  public Material material() {
    return material;
  }

  public double minX() {
    return minX;
  }

  public double maxX() {
    return maxX;
  }

  public double minY() {
    return minY;
  }

  public double maxY() {
    return maxY;
  }

  public double maxZ() {
    return maxZ;
  }
}
