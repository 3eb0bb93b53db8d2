package dev.clip2scene.model.geometry;

/**
 * The equidistant fisheye model (OpenCV fisheye, ROS {@code equidistant}): with r the normalised radius and
 * theta = atan(r), the distorted radius is theta (1 + k1 theta^2 + k2 theta^4 + k3 theta^6 + k4 theta^8).
 */
public record EquidistantDistortion(double k1, double k2, double k3, double k4) implements Distortion {

  @Override
  public void distort(double x, double y, double[] out) {
    double r = Math.sqrt(x * x + y * y);
    if (r < 1e-8) { // on the axis the model is the identity (same threshold as OpenCV)
      out[0] = x;
      out[1] = y;
      return;
    }
    double scale = thetaD(Math.atan(r)) / r;
    out[0] = x * scale;
    out[1] = y * scale;
  }

  private double thetaD(double theta) {
    double t2 = theta * theta;
    return theta * (1 + t2 * (k1 + t2 * (k2 + t2 * (k3 + t2 * k4))));
  }

  /** Newton's method on theta_d(theta) = |distorted|, then r = tan(theta). */
  @Override
  public void undistort(double xd, double yd, double[] out) {
    double rd = Math.sqrt(xd * xd + yd * yd);
    if (rd < 1e-8) {
      out[0] = xd;
      out[1] = yd;
      return;
    }
    double theta = Math.min(rd, Math.PI / 2 - 1e-6);
    for (int it = 0; it < 50; it++) {
      double t2 = theta * theta;
      double slope = 1 + t2 * (3 * k1 + t2 * (5 * k2 + t2 * (7 * k3 + t2 * 9 * k4)));
      double step = (thetaD(theta) - rd) / slope;
      theta -= step;
      if (Math.abs(step) < 1e-15) break;
    }
    double scale = Math.tan(theta) / rd;
    out[0] = xd * scale;
    out[1] = yd * scale;
  }

  @Override
  public double maxRadius() {
    double theta = Monotonic.upTo(this::thetaD, Math.PI / 2);
    return Double.isInfinite(theta) ? Double.POSITIVE_INFINITY : Math.tan(theta);
  }

  @Override
  public boolean isIdentity() {
    return false; // theta = atan(r) differs from r even with zero coefficients
  }
}
