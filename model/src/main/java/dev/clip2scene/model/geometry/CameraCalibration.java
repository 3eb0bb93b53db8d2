package dev.clip2scene.model.geometry;

import java.util.Arrays;
import java.util.Objects;

/**
 * The calibration fields of sensor_msgs/CameraInfo: image size, distortion model and D, intrinsic matrix K (3x3),
 * rectification rotation R (3x3) and projection matrix P (3x4), all row-major. Arrays are copied in and out.
 */
public record CameraCalibration(int width, int height, String distortionModel, double[] d, double[] k, double[] r,
    double[] p) {

  public CameraCalibration {
    Objects.requireNonNull(distortionModel, "distortion_model");
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
    }
    d = checked("D", d, -1);
    k = checked("K", k, 9);
    r = checked("R", r, 9);
    p = checked("P", p, 12);
    Distortion.of(distortionModel, d); // validates the model name and D's length
    if (!(k[0] > 0) || !(k[4] > 0)) throw new IllegalArgumentException("K has non-positive focal lengths");
  }

  private static double[] checked(String name, double[] a, int length) {
    Objects.requireNonNull(a, name);
    if (length >= 0 && a.length != length) {
      throw new IllegalArgumentException(name + " needs " + length + " values, got " + a.length);
    }
    for (int i = 0; i < a.length; i++) {
      if (!Double.isFinite(a[i])) throw new IllegalArgumentException(name + "[" + i + "] is not finite: " + a[i]);
    }
    return a.clone();
  }

  /** An undistorted pinhole camera with R = identity and P = [K | 0]. */
  public static CameraCalibration pinhole(int width, int height, double fx, double fy, double cx, double cy) {
    return new CameraCalibration(width, height, Distortion.PLUMB_BOB, new double[5],
        new double[] {fx, 0, cx, 0, fy, cy, 0, 0, 1}, identity3(), new double[] {fx, 0, cx, 0, 0, fy, cy, 0, 0, 0, 1, 0});
  }

  public static double[] identity3() {
    return new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1};
  }

  @Override
  public double[] d() {
    return d.clone();
  }

  @Override
  public double[] k() {
    return k.clone();
  }

  @Override
  public double[] r() {
    return r.clone();
  }

  @Override
  public double[] p() {
    return p.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CameraCalibration c && width == c.width && height == c.height
        && distortionModel.equals(c.distortionModel) && Arrays.equals(d, c.d) && Arrays.equals(k, c.k)
        && Arrays.equals(r, c.r) && Arrays.equals(p, c.p);
  }

  @Override
  public int hashCode() {
    return Objects.hash(width, height, distortionModel, Arrays.hashCode(d), Arrays.hashCode(k), Arrays.hashCode(r),
        Arrays.hashCode(p));
  }

  @Override
  public String toString() {
    return "CameraCalibration[" + width + "x" + height + ", " + distortionModel + ", D=" + Arrays.toString(d) + ", K="
        + Arrays.toString(k) + ", R=" + Arrays.toString(r) + ", P=" + Arrays.toString(p) + "]";
  }
}
