package dev.clip2scene.model.geometry;

import java.util.Arrays;

/**
 * Lens distortion on normalised image coordinates (x/z, y/z), with the coefficient conventions of ROS camera_info
 * (which are OpenCV's): {@code plumb_bob} D = k1 k2 p1 p2 k3, {@code rational_polynomial} D = k1 k2 p1 p2 k3 k4 k5 k6,
 * {@code equidistant} D = k1 k2 k3 k4 (OpenCV fisheye). An empty D means no distortion.
 */
public sealed interface Distortion permits RadialTangentialDistortion, EquidistantDistortion {
  String PLUMB_BOB = "plumb_bob";
  String RATIONAL_POLYNOMIAL = "rational_polynomial";
  String EQUIDISTANT = "equidistant";

  /** Undistorted normalised (X, Y) -> distorted normalised coordinates in OUT[0], OUT[1]. */
  void distort(double x, double y, double[] out);

  /** The inverse of {@link #distort}, solved iteratively. */
  void undistort(double xd, double yd, double[] out);

  /**
   * The undistorted normalised radius up to which the model is one-to-one. Beyond it the polynomial folds back and
   * points far outside the field of view would land inside the image, so projection marks them invalid.
   */
  double maxRadius();

  /** True when distort is the identity (all coefficients zero). */
  boolean isIdentity();

  /** How many coefficients MODEL takes in camera_info's D (the longest form), or -1 for an unknown model. */
  static int coefficientCount(String model) {
    return switch (model) {
      case PLUMB_BOB -> 5;
      case RATIONAL_POLYNOMIAL -> 8;
      case EQUIDISTANT -> 4;
      default -> -1;
    };
  }

  /** The distortion for camera_info's distortion_model and D. */
  static Distortion of(String model, double[] d) {
    int n = coefficientCount(model);
    if (n < 0) {
      throw new IllegalArgumentException("unknown distortion_model '" + model + "' (known: plumb_bob, "
          + "rational_polynomial, equidistant)");
    }
    boolean shortPlumbBob = model.equals(PLUMB_BOB) && d.length == 4;
    if (d.length != 0 && d.length != n && !shortPlumbBob) {
      throw new IllegalArgumentException("distortion_model " + model + " needs " + n + " coefficients in D, got "
          + d.length);
    }
    double[] c = Arrays.copyOf(d, n);
    return switch (model) {
      case EQUIDISTANT -> new EquidistantDistortion(c[0], c[1], c[2], c[3]);
      case RATIONAL_POLYNOMIAL -> new RadialTangentialDistortion(c[0], c[1], c[4], c[5], c[6], c[7], c[2], c[3]);
      default -> new RadialTangentialDistortion(c[0], c[1], c[4], 0, 0, 0, c[2], c[3]);
    };
  }
}
