package dev.clip2scene.model.sim;

/** A vertical cylinder of radius R around (CX, CY) from Z0 to Z1, capped on top (poles, trunks, bodies, cones). */
public final class Cylinder extends Primitive {
  private final double cx, cy, r, z0, z1;

  public Cylinder(double cx, double cy, double r, double z0, double z1, Material material) {
    super(material, cx - r, cx + r, cy - r, cy + r, z1);
    if (!(r > 0 && z1 > z0)) throw new IllegalArgumentException("empty cylinder");
    this.cx = cx;
    this.cy = cy;
    this.r = r;
    this.z0 = z0;
    this.z1 = z1;
  }

  @Override
  public boolean intersect(double ox, double oy, double oz, double dx, double dy, double dz, Hit hit) {
    double px = ox - cx, py = oy - cy;
    double a = dx * dx + dy * dy;
    boolean found = false;
    if (a > 1e-12) {
      double b = px * dx + py * dy, c = px * px + py * py - r * r;
      double disc = b * b - a * c;
      if (disc >= 0) {
        double t = (-b - Math.sqrt(disc)) / a;
        if (t > 0 && t < hit.t) {
          double z = oz + dz * t;
          if (z >= z0 && z <= z1) {
            double hx = px + dx * t, hy = py + dy * t;
            hit.t = t;
            hit.nx = hx / r;
            hit.ny = hy / r;
            hit.nz = 0;
            hit.u = hx - hy; // cheap surface coordinate: textures need continuity, not arc length
            hit.v = z - z0;
            hit.face = 0;
            found = true;
          }
        }
      }
    }
    if (dz < 0) { // top cap, seen from above
      double t = (z1 - oz) / dz;
      if (t > 0 && t < hit.t) {
        double hx = px + dx * t, hy = py + dy * t;
        if (hx * hx + hy * hy <= r * r) {
          hit.t = t;
          hit.nx = 0;
          hit.ny = 0;
          hit.nz = 1;
          hit.u = hx;
          hit.v = hy;
          hit.face = 2;
          found = true;
        }
      }
    }
    return found;
  }
}
