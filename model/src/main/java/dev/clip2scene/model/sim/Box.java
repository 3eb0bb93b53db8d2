package dev.clip2scene.model.sim;

/** A box standing upright: footprint centred at (CX, CY), half sizes HX x HY turned by YAW about z, from Z0 to Z1. */
public final class Box implements Primitive {
  private final double cx, cy, z0, z1, hx, hy, cos, sin;
  private final Material material;
  private final double extentX, extentY;

  public Box(double cx, double cy, double yaw, double hx, double hy, double z0, double z1, Material material) {
    if (!(hx > 0 && hy > 0 && z1 > z0)) throw new IllegalArgumentException("empty box");
    this.cx = cx;
    this.cy = cy;
    this.z0 = z0;
    this.z1 = z1;
    this.hx = hx;
    this.hy = hy;
    this.cos = Math.cos(yaw);
    this.sin = Math.sin(yaw);
    this.material = material;
    extentX = Math.abs(cos) * hx + Math.abs(sin) * hy;
    extentY = Math.abs(sin) * hx + Math.abs(cos) * hy;
  }

  @Override
  public boolean intersect(double ox, double oy, double oz, double dx, double dy, double dz, Hit hit) {
    double px = ox - cx, py = oy - cy;
    double lx = px * cos + py * sin, ly = -px * sin + py * cos;
    double ldx = dx * cos + dy * sin, ldy = -dx * sin + dy * cos;
    double tNear = 0, tFar = hit.t;
    int axis = -1;
    int sign = 0;
    // slab x
    if (Math.abs(ldx) < 1e-12) {
      if (lx < -hx || lx > hx) return false;
    } else {
      double inv = 1 / ldx, a = (-hx - lx) * inv, b = (hx - lx) * inv;
      int s = ldx > 0 ? -1 : 1;
      if (a > b) {
        double tmp = a;
        a = b;
        b = tmp;
      }
      if (a > tNear) {
        tNear = a;
        axis = 0;
        sign = s;
      }
      if (b < tFar) tFar = b;
      if (tNear > tFar) return false;
    }
    if (Math.abs(ldy) < 1e-12) {
      if (ly < -hy || ly > hy) return false;
    } else {
      double inv = 1 / ldy, a = (-hy - ly) * inv, b = (hy - ly) * inv;
      int s = ldy > 0 ? -1 : 1;
      if (a > b) {
        double tmp = a;
        a = b;
        b = tmp;
      }
      if (a > tNear) {
        tNear = a;
        axis = 1;
        sign = s;
      }
      if (b < tFar) tFar = b;
      if (tNear > tFar) return false;
    }
    if (Math.abs(dz) < 1e-12) {
      if (oz < z0 || oz > z1) return false;
    } else {
      double inv = 1 / dz, a = (z0 - oz) * inv, b = (z1 - oz) * inv;
      int s = dz > 0 ? -1 : 1;
      if (a > b) {
        double tmp = a;
        a = b;
        b = tmp;
      }
      if (a > tNear) {
        tNear = a;
        axis = 2;
        sign = s;
      }
      if (b < tFar) tFar = b;
      if (tNear > tFar) return false;
    }
    if (axis < 0 || tNear >= hit.t) return false; // origin inside, or farther than the current hit
    hit.t = tNear;
    hit.face = axis;
    double hx0 = lx + ldx * tNear, hy0 = ly + ldy * tNear, hz = oz + dz * tNear;
    if (axis == 0) {
      hit.nx = sign * cos;
      hit.ny = sign * sin;
      hit.nz = 0;
      hit.u = hy0 + hy;
      hit.v = hz - z0;
    } else if (axis == 1) {
      hit.nx = -sign * sin;
      hit.ny = sign * cos;
      hit.nz = 0;
      hit.u = hx0 + hx;
      hit.v = hz - z0;
    } else {
      hit.nx = 0;
      hit.ny = 0;
      hit.nz = sign;
      hit.u = hx0 + hx;
      hit.v = hy0 + hy;
    }
    return true;
  }

  @Override
  public Material material() {
    return material;
  }

  @Override
  public double minX() {
    return cx - extentX;
  }

  @Override
  public double maxX() {
    return cx + extentX;
  }

  @Override
  public double minY() {
    return cy - extentY;
  }

  @Override
  public double maxY() {
    return cy + extentY;
  }

  @Override
  public double maxZ() {
    return z1;
  }
}
