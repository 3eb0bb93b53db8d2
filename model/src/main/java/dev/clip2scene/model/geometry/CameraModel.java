package dev.clip2scene.model.geometry;

/**
 * A calibrated camera built from camera_info fields: projects points given in the camera's optical frame (REP 103:
 * z forward, x right, y down) to pixels of the raw (distorted) image, and back. Pixel (0, 0) is the centre of the
 * top-left pixel, as in OpenCV; a projection lies inside the image when 0 <= u < width and 0 <= v < height.
 * Immutable and thread-safe.
 */
public final class CameraModel {
  private final CameraCalibration calibration;
  private final double fx, fy, cx, cy, skew;
  private final Distortion distortion;
  private final boolean distorted;
  private final double maxRadiusSq;

  public CameraModel(CameraCalibration calibration) {
    this.calibration = calibration;
    double[] k = calibration.k();
    fx = k[0];
    skew = k[1];
    cx = k[2];
    fy = k[4];
    cy = k[5];
    distortion = Distortion.of(calibration.distortionModel(), calibration.d());
    distorted = !distortion.isIdentity();
    double maxRadius = distortion.maxRadius();
    maxRadiusSq = maxRadius * maxRadius;
  }

  public CameraCalibration calibration() {
    return calibration;
  }

  public int width() {
    return calibration.width();
  }

  public int height() {
    return calibration.height();
  }

  public Distortion distortion() {
    return distortion;
  }

  /**
   * Projects (X, Y, Z) in the optical frame to the raw image; writes u, v to PIXEL[0..1] whenever Z != 0 and returns
   * whether the point is in front of the camera and inside the region where the distortion model is one-to-one.
   * Whether the pixel lies inside the image is {@link #contains}.
   */
  public boolean project(double x, double y, double z, double[] pixel) {
    double a = x / z, b = y / z;
    if (distorted) {
      distortion.distort(a, b, pixel);
      a = pixel[0];
      b = pixel[1];
    }
    double r2 = (x * x + y * y) / (z * z);
    pixel[0] = fx * a + skew * b + cx;
    pixel[1] = fy * b + cy;
    return z > 0 && r2 < maxRadiusSq;
  }

  public boolean contains(double u, double v) {
    return u >= 0 && u < width() && v >= 0 && v < height();
  }

  /** The optical-frame ray (x, y, 1) through raw pixel (U, V), written to RAY[0..2]. */
  public void unproject(double u, double v, double[] ray) {
    double b = (v - cy) / fy;
    double a = (u - cx - skew * b) / fx;
    if (distorted) {
      distortion.undistort(a, b, ray);
      a = ray[0];
      b = ray[1];
    }
    ray[0] = a;
    ray[1] = b;
    ray[2] = 1;
  }

  /** Where raw pixel (U, V) lands in the rectified image (camera_info's R, then P), written to OUT[0..1]. */
  public void rectify(double u, double v, double[] out) {
    double[] ray = new double[3];
    unproject(u, v, ray);
    double[] r = calibration.r();
    double[] p = calibration.p();
    double x = r[0] * ray[0] + r[1] * ray[1] + r[2];
    double y = r[3] * ray[0] + r[4] * ray[1] + r[5];
    double z = r[6] * ray[0] + r[7] * ray[1] + r[8];
    double w = p[8] * x + p[9] * y + p[10] * z + p[11];
    out[0] = (p[0] * x + p[1] * y + p[2] * z + p[3]) / w;
    out[1] = (p[4] * x + p[5] * y + p[6] * z + p[7]) / w;
  }

  /**
   * Bulk projection of COUNT points (x, y, z = the first three floats of each STRIDE-float record of POINTS, in the
   * source frame) through TO_CAMERA (source -> optical frame). A point is valid when its depth exceeds MIN_DEPTH, the
   * distortion model is one-to-one there and its pixel lies inside the image. Fills OUT (reused) and returns the
   * number of valid points. Invalid points have u = v = NaN when behind the camera.
   */
  public int project(float[] points, int stride, int count, RigidTransform toCamera, double minDepth, Projection out) {
    if (stride < 3) throw new IllegalArgumentException("stride must be at least 3, got " + stride);
    if ((long) count * stride > points.length) {
      throw new IllegalArgumentException(count + " points of stride " + stride + " need " + (long) count * stride
          + " floats, the array has " + points.length);
    }
    out.reset(count);
    double[] m = new double[9];
    toCamera.rotation().writeMatrix(m);
    Vector3 t = toCamera.translation();
    double tx = t.x(), ty = t.y(), tz = t.z();
    double w = width(), h = height();
    double[] d = new double[2];
    for (int i = 0, s = 0; i < count; i++, s += stride) {
      double px = points[s], py = points[s + 1], pz = points[s + 2];
      double x = m[0] * px + m[1] * py + m[2] * pz + tx;
      double y = m[3] * px + m[4] * py + m[5] * pz + ty;
      double z = m[6] * px + m[7] * py + m[8] * pz + tz;
      if (!(z > 0)) { // also rejects NaN input
        out.set(i, Float.NaN, Float.NaN, (float) z, false);
        continue;
      }
      double inv = 1 / z;
      double a = x * inv, b = y * inv;
      boolean ok = z > minDepth && a * a + b * b < maxRadiusSq;
      if (distorted) {
        distortion.distort(a, b, d);
        a = d[0];
        b = d[1];
      }
      // the bounds test is on the stored floats, so (int) u always indexes a pixel of the image
      float u = (float) (fx * a + skew * b + cx);
      float v = (float) (fy * b + cy);
      ok = ok && u >= 0 && u < w && v >= 0 && v < h;
      out.set(i, u, v, (float) z, ok);
    }
    return out.validCount();
  }
}
