package dev.clip2scene.model.geometry;

/**
 * Brown-Conrady distortion with a rational radial term: x'' = x (1 + k1 r2 + k2 r4 + k3 r6) / (1 + k4 r2 + k5 r4 +
 * k6 r6) + 2 p1 x y + p2 (r2 + 2 x2), and symmetrically for y. plumb_bob is the case k4 = k5 = k6 = 0.
 */
public record RadialTangentialDistortion(double k1, double k2, double k3, double k4, double k5, double k6, double p1,
    double p2) implements Distortion {

  /** Beyond about 87 degrees off-axis no pinhole camera sees anything. */
  private static final double RADIUS_SCAN_LIMIT = 20;

  @Override
  public void distort(double x, double y, double[] out) {
    double r2 = x * x + y * y;
    double radial = radial(r2);
    double xy = x * y;
    out[0] = x * radial + 2 * p1 * xy + p2 * (r2 + 2 * x * x);
    out[1] = y * radial + p1 * (r2 + 2 * y * y) + 2 * p2 * xy;
  }

  private double radial(double r2) {
    double num = 1 + r2 * (k1 + r2 * (k2 + r2 * k3));
    double den = 1 + r2 * (k4 + r2 * (k5 + r2 * k6));
    return num / den;
  }

  /** Newton's method with a finite-difference Jacobian, started at the distorted point. */
  @Override
  public void undistort(double xd, double yd, double[] out) {
    double x = xd, y = yd;
    double[] f = new double[2];
    double[] g = new double[2];
    double h = 1e-7;
    for (int it = 0; it < 50; it++) {
      distort(x, y, f);
      double ex = f[0] - xd, ey = f[1] - yd;
      if (Math.abs(ex) < 1e-15 && Math.abs(ey) < 1e-15) break;
      distort(x + h, y, g);
      double j00 = (g[0] - f[0]) / h, j10 = (g[1] - f[1]) / h;
      distort(x, y + h, g);
      double j01 = (g[0] - f[0]) / h, j11 = (g[1] - f[1]) / h;
      double det = j00 * j11 - j01 * j10;
      if (Math.abs(det) < 1e-300) break;
      x -= (j11 * ex - j01 * ey) / det;
      y -= (-j10 * ex + j00 * ey) / det;
    }
    out[0] = x;
    out[1] = y;
  }

  @Override
  public double maxRadius() {
    return Monotonic.upTo(r -> {
      double r2 = r * r;
      double den = 1 + r2 * (k4 + r2 * (k5 + r2 * k6));
      return den <= 0 ? Double.NaN : r * radial(r2);
    }, RADIUS_SCAN_LIMIT);
  }

  @Override
  public boolean isIdentity() {
    return k1 == 0 && k2 == 0 && k3 == 0 && k4 == 0 && k5 == 0 && k6 == 0 && p1 == 0 && p2 == 0;
  }
}
