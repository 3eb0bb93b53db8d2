package dev.clip2scene.model.geometry;

/**
 * A rotation quaternion in ROS order (x, y, z, w). Values built by the factories are unit length; the canonical
 * constructor only checks finiteness so that records read from files can be validated by their users.
 */
public record Quaternion(double x, double y, double z, double w) {
  public static final Quaternion IDENTITY = new Quaternion(0, 0, 0, 1);

  public Quaternion {
    if (!Double.isFinite(x) || !Double.isFinite(y) || !Double.isFinite(z) || !Double.isFinite(w)) {
      throw new IllegalArgumentException("quaternion has a non-finite component: " + x + ", " + y + ", " + z + ", " + w);
    }
  }

  public double norm() {
    return Math.sqrt(x * x + y * y + z * z + w * w);
  }

  public Quaternion normalized() {
    double n = norm();
    if (n < 1e-12) throw new IllegalArgumentException("a zero quaternion is no rotation");
    return new Quaternion(x / n, y / n, z / n, w / n);
  }

  /** Hamilton product: applying the result rotates by {@code o} first, then by this. */
  public Quaternion multiply(Quaternion o) {
    return new Quaternion(
        w * o.x + x * o.w + y * o.z - z * o.y,
        w * o.y - x * o.z + y * o.w + z * o.x,
        w * o.z + x * o.y - y * o.x + z * o.w,
        w * o.w - x * o.x - y * o.y - z * o.z);
  }

  /** The inverse rotation (for a unit quaternion). */
  public Quaternion conjugate() {
    return new Quaternion(-x, -y, -z, w);
  }

  public double dot(Quaternion o) {
    return x * o.x + y * o.y + z * o.z + w * o.w;
  }

  /** Rotation by ANGLE radians about AXIS (need not be unit length). */
  public static Quaternion fromAxisAngle(Vector3 axis, double angle) {
    double n = axis.norm();
    if (n < 1e-12) throw new IllegalArgumentException("rotation axis has zero length");
    double s = Math.sin(angle / 2) / n;
    return new Quaternion(axis.x() * s, axis.y() * s, axis.z() * s, Math.cos(angle / 2));
  }

  /** The 3x3 rotation matrix, row-major. */
  public double[] toMatrix() {
    double[] m = new double[9];
    writeMatrix(m);
    return m;
  }

  /** Writes the row-major rotation matrix into M[0..8] (no allocation; used by bulk transforms). */
  void writeMatrix(double[] m) {
    double xx = x * x, yy = y * y, zz = z * z, xy = x * y, xz = x * z, yz = y * z, wx = w * x, wy = w * y, wz = w * z;
    m[0] = 1 - 2 * (yy + zz);
    m[1] = 2 * (xy - wz);
    m[2] = 2 * (xz + wy);
    m[3] = 2 * (xy + wz);
    m[4] = 1 - 2 * (xx + zz);
    m[5] = 2 * (yz - wx);
    m[6] = 2 * (xz - wy);
    m[7] = 2 * (yz + wx);
    m[8] = 1 - 2 * (xx + yy);
  }

  /**
   * The unit quaternion closest to a row-major 3x3 matrix that is a rotation up to rounding (as printed in
   * calibration files). Rejects matrices that are far from orthonormal or reflect.
   */
  public static Quaternion fromMatrix(double[] m) {
    if (m.length != 9) throw new IllegalArgumentException("rotation matrix needs 9 values, got " + m.length);
    double det = m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) + m[2] * (m[3] * m[7] - m[4] * m[6]);
    if (!(Math.abs(det - 1) < 1e-3)) {
      throw new IllegalArgumentException("matrix is not a rotation (determinant " + det + ")");
    }
    // Shepperd's method: pick the largest of the four squared components for numerical stability.
    double trace = m[0] + m[4] + m[8];
    Quaternion q;
    if (trace > m[0] && trace > m[4] && trace > m[8]) {
      double s = 2 * Math.sqrt(1 + trace);
      q = new Quaternion((m[7] - m[5]) / s, (m[2] - m[6]) / s, (m[3] - m[1]) / s, s / 4);
    } else if (m[0] > m[4] && m[0] > m[8]) {
      double s = 2 * Math.sqrt(1 + m[0] - m[4] - m[8]);
      q = new Quaternion(s / 4, (m[1] + m[3]) / s, (m[2] + m[6]) / s, (m[7] - m[5]) / s);
    } else if (m[4] > m[8]) {
      double s = 2 * Math.sqrt(1 + m[4] - m[0] - m[8]);
      q = new Quaternion((m[1] + m[3]) / s, s / 4, (m[5] + m[7]) / s, (m[2] - m[6]) / s);
    } else {
      double s = 2 * Math.sqrt(1 + m[8] - m[0] - m[4]);
      q = new Quaternion((m[2] + m[6]) / s, (m[5] + m[7]) / s, s / 4, (m[3] - m[1]) / s);
    }
    q = q.normalized();
    double[] back = q.toMatrix();
    for (int i = 0; i < 9; i++) {
      if (Math.abs(back[i] - m[i]) > 1e-3) {
        throw new IllegalArgumentException("matrix is not orthonormal (entry " + i + " differs by "
            + Math.abs(back[i] - m[i]) + " from the nearest rotation)");
      }
    }
    return q;
  }

  /**
   * Spherical linear interpolation along the shorter arc: A at t = 0, B at t = 1. Falls back to normalised linear
   * interpolation when the two are almost equal, where slerp's sine ratio loses precision.
   */
  public static Quaternion slerp(Quaternion a, Quaternion b, double t) {
    double cos = a.dot(b);
    double bx = b.x, by = b.y, bz = b.z, bw = b.w;
    if (cos < 0) {
      cos = -cos;
      bx = -bx;
      by = -by;
      bz = -bz;
      bw = -bw;
    }
    double wa, wb;
    if (cos > 0.9995) {
      wa = 1 - t;
      wb = t;
    } else {
      double theta = Math.acos(cos);
      double sin = Math.sin(theta);
      wa = Math.sin((1 - t) * theta) / sin;
      wb = Math.sin(t * theta) / sin;
    }
    return new Quaternion(wa * a.x + wb * bx, wa * a.y + wb * by, wa * a.z + wb * bz, wa * a.w + wb * bw).normalized();
  }

  /** The rotation angle in radians between this and O, in [0, pi]. */
  public double angleTo(Quaternion o) {
    double c = Math.min(1, Math.abs(dot(o)) / (norm() * o.norm()));
    return 2 * Math.acos(c);
  }
}
