package dev.clip2scene.model.sim;

/** An axis-aligned ellipsoid (tree crowns, bushes, heads) centred at (CX, CY, CZ) with radii RX, RY, RZ. */
public final class Ellipsoid extends Primitive {
  private final double cx, cy, cz, rx, ry, rz;

  public Ellipsoid(double cx, double cy, double cz, double rx, double ry, double rz, Material material) {
    super(material, cx - rx, cx + rx, cy - ry, cy + ry, cz + rz);
    if (!(rx > 0 && ry > 0 && rz > 0)) throw new IllegalArgumentException("empty ellipsoid");
    this.cx = cx;
    this.cy = cy;
    this.cz = cz;
    this.rx = rx;
    this.ry = ry;
    this.rz = rz;
  }

  @Override
  public boolean intersect(double ox, double oy, double oz, double dx, double dy, double dz, Hit hit) {
    // scale space so the ellipsoid is the unit sphere; t is preserved by scaling the direction along
    double px = (ox - cx) / rx, py = (oy - cy) / ry, pz = (oz - cz) / rz;
    double qx = dx / rx, qy = dy / ry, qz = dz / rz;
    double a = qx * qx + qy * qy + qz * qz;
    double b = px * qx + py * qy + pz * qz;
    double c = px * px + py * py + pz * pz - 1;
    double disc = b * b - a * c;
    if (disc < 0) return false;
    double t = (-b - Math.sqrt(disc)) / a;
    if (!(t > 0 && t < hit.t)) return false;
    double sx = px + qx * t, sy = py + qy * t, sz = pz + qz * t;
    double nx = sx / rx, ny = sy / ry, nz = sz / rz;
    double n = Math.sqrt(nx * nx + ny * ny + nz * nz);
    hit.t = t;
    hit.nx = nx / n;
    hit.ny = ny / n;
    hit.nz = nz / n;
    hit.u = sx * rx - sy * ry; // cheap surface coordinate for textures
    hit.v = (sz + 1) * rz;
    hit.face = 0;
    return true;
  }
}
