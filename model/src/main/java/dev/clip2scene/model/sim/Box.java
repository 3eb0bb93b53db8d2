package dev.clip2scene.model.sim;

/** A box standing upright: footprint centred at (CX, CY), half sizes HX x HY turned by YAW about z, from Z0 to Z1. */
public final class Box extends Primitive {
  private final double cx, cy, z0, z1, hx, hy, cos, sin;

  public Box(double cx, double cy, double yaw, double hx, double hy, double z0, double z1, Material material) {
    super(material, cx - extentX(yaw, hx, hy), cx + extentX(yaw, hx, hy), cy - extentY(yaw, hx, hy),
        cy + extentY(yaw, hx, hy), z1);
    if (!(hx > 0 && hy > 0 && z1 > z0)) throw new IllegalArgumentException("empty box");
    this.cx = cx;
    this.cy = cy;
    this.z0 = z0;
    this.z1 = z1;
    this.hx = hx;
    this.hy = hy;
    this.cos = Math.cos(yaw);
    this.sin = Math.sin(yaw);
  }

  private static double extentX(double yaw, double hx, double hy) {
    return Math.abs(Math.cos(yaw)) * hx + Math.abs(Math.sin(yaw)) * hy;
  }

  private static double extentY(double yaw, double hx, double hy) {
    return Math.abs(Math.sin(yaw)) * hx + Math.abs(Math.cos(yaw)) * hy;
  }

  @Override
  public boolean intersect(double ox, double oy, double oz, double dx, double dy, double dz, Hit hit) {
    double px = ox - cx, py = oy - cy;
    double lx = px * cos + py * sin, ly = -px * sin + py * cos;
    double ldx = dx * cos + dy * sin, ldy = -dx * sin + dy * cos;
    double tNear = 0, tFar = hit.t;
    int axis = -1, sign = 0;
    // slab test in the box's frame: local x, local y, then z (centred on the box's middle height)
    for (int a = 0; a < 3; a++) {
      double o = a == 0 ? lx : a == 1 ? ly : oz - (z0 + z1) / 2;
      double d = a == 0 ? ldx : a == 1 ? ldy : dz;
      double half = a == 0 ? hx : a == 1 ? hy : (z1 - z0) / 2;
      if (Math.abs(d) < 1e-12) {
        if (o < -half || o > half) return false;
        continue;
      }
      double inv = 1 / d, near = (-Math.copySign(half, d) - o) * inv, far = (Math.copySign(half, d) - o) * inv;
      if (near > tNear) {
        tNear = near;
        axis = a;
        sign = d > 0 ? -1 : 1;
      }
      if (far < tFar) tFar = far;
      if (tNear > tFar) return false;
    }
    if (axis < 0 || tNear >= hit.t) return false; // origin inside, or farther than the current hit
    hit.t = tNear;
    hit.face = axis;
    double hx0 = lx + ldx * tNear, hy0 = ly + ldy * tNear, hz = oz + dz * tNear;
    if (axis == 0) {
      setNormal(hit, sign * cos, sign * sin, 0);
      hit.u = hy0 + hy;
      hit.v = hz - z0;
    } else if (axis == 1) {
      setNormal(hit, -sign * sin, sign * cos, 0);
      hit.u = hx0 + hx;
      hit.v = hz - z0;
    } else {
      setNormal(hit, 0, 0, sign);
      hit.u = hx0 + hx;
      hit.v = hy0 + hy;
    }
    return true;
  }

  private static void setNormal(Hit hit, double x, double y, double z) {
    hit.nx = x;
    hit.ny = y;
    hit.nz = z;
  }
}
