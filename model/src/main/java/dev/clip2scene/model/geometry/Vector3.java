package dev.clip2scene.model.geometry;

/** A 3D vector in metres (REP 103: SI units, right-handed). */
public record Vector3(double x, double y, double z) {
  public static final Vector3 ZERO = new Vector3(0, 0, 0);

  public Vector3 {
    if (!Double.isFinite(x) || !Double.isFinite(y) || !Double.isFinite(z)) {
      throw new IllegalArgumentException("vector has a non-finite component: " + x + ", " + y + ", " + z);
    }
  }

  public Vector3 plus(Vector3 o) {
    return new Vector3(x + o.x, y + o.y, z + o.z);
  }

  public Vector3 minus(Vector3 o) {
    return new Vector3(x - o.x, y - o.y, z - o.z);
  }

  public Vector3 times(double s) {
    return new Vector3(x * s, y * s, z * s);
  }

  public double norm() {
    return Math.sqrt(x * x + y * y + z * z);
  }

  /** Linear interpolation: this at t = 0, o at t = 1. */
  public Vector3 lerp(Vector3 o, double t) {
    return new Vector3(x + (o.x - x) * t, y + (o.y - y) * t, z + (o.z - z) * t);
  }
}
