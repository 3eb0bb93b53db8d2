package dev.clip2scene.model.geometry;

/**
 * A rigid transform p' = R p + t, with R given as a unit quaternion. As in tf, the transform of frame CHILD in frame
 * PARENT maps points expressed in CHILD into PARENT; {@code a.compose(b)} applies b first, then a.
 */
public record RigidTransform(Vector3 translation, Quaternion rotation) {
  public static final RigidTransform IDENTITY = new RigidTransform(Vector3.ZERO, Quaternion.IDENTITY);

  /**
   * Accepts quaternions whose length is within 1e-3 of one (values rounded in files) and normalises them; one already
   * unit up to rounding is kept as given, so that writing and reading a transform reproduces it exactly.
   */
  public RigidTransform {
    double n = rotation.norm();
    if (Math.abs(n - 1) > 1e-3) {
      throw new IllegalArgumentException("rotation quaternion is not unit length (norm " + n + ")");
    }
    if (Math.abs(n - 1) > 1e-14) rotation = rotation.normalized();
  }

  public static RigidTransform of(double tx, double ty, double tz, Quaternion rotation) {
    return new RigidTransform(new Vector3(tx, ty, tz), rotation);
  }

  /** From the first 12 values of a row-major 3x4 (or 4x4) matrix [R | t]. */
  public static RigidTransform fromMatrix(double[] rowMajor) {
    if (rowMajor.length != 12 && rowMajor.length != 16) {
      throw new IllegalArgumentException("a rigid transform matrix needs 12 or 16 values, got " + rowMajor.length);
    }
    double[] r = {rowMajor[0], rowMajor[1], rowMajor[2], rowMajor[4], rowMajor[5], rowMajor[6], rowMajor[8], rowMajor[9],
        rowMajor[10]};
    return of(rowMajor[3], rowMajor[7], rowMajor[11], Quaternion.fromMatrix(r));
  }

  /** Row-major 3x4 matrix [R | t]. */
  public double[] toMatrix() {
    double[] r = rotation.toMatrix();
    return new double[] {r[0], r[1], r[2], translation.x(), r[3], r[4], r[5], translation.y(), r[6], r[7], r[8],
        translation.z()};
  }

  /** This after O: (this.compose(o)).apply(p) == this.apply(o.apply(p)). */
  public RigidTransform compose(RigidTransform o) {
    return new RigidTransform(translation.plus(rotate(o.translation)), rotation.multiply(o.rotation).normalized());
  }

  public RigidTransform inverse() {
    Quaternion inv = rotation.conjugate();
    RigidTransform r = new RigidTransform(Vector3.ZERO, inv);
    return new RigidTransform(r.rotate(translation).times(-1), inv);
  }

  public Vector3 apply(Vector3 p) {
    return rotate(p).plus(translation);
  }

  /** Rotation only, no translation. */
  public Vector3 rotate(Vector3 v) {
    double[] m = rotation.toMatrix();
    return new Vector3(m[0] * v.x() + m[1] * v.y() + m[2] * v.z(), m[3] * v.x() + m[4] * v.y() + m[5] * v.z(),
        m[6] * v.x() + m[7] * v.y() + m[8] * v.z());
  }

  /**
   * Transforms COUNT points whose x, y, z are the first three floats of each STRIDE-float record in SRC into DST,
   * packed as x, y, z (DST may be SRC when STRIDE is 3). No allocation besides a 12-double matrix.
   */
  public void apply(float[] src, int stride, int count, float[] dst) {
    if (stride < 3) throw new IllegalArgumentException("stride must be at least 3, got " + stride);
    if ((long) count * stride > src.length || (long) count * 3 > dst.length) {
      throw new IllegalArgumentException("arrays too short for " + count + " points");
    }
    double[] m = new double[9];
    rotation.writeMatrix(m);
    double tx = translation.x(), ty = translation.y(), tz = translation.z();
    for (int i = 0, s = 0, d = 0; i < count; i++, s += stride, d += 3) {
      double x = src[s], y = src[s + 1], z = src[s + 2];
      dst[d] = (float) (m[0] * x + m[1] * y + m[2] * z + tx);
      dst[d + 1] = (float) (m[3] * x + m[4] * y + m[5] * z + ty);
      dst[d + 2] = (float) (m[6] * x + m[7] * y + m[8] * z + tz);
    }
  }

  /** Translation interpolated linearly, rotation by slerp: A at t = 0, B at t = 1. */
  public static RigidTransform interpolate(RigidTransform a, RigidTransform b, double t) {
    return new RigidTransform(a.translation.lerp(b.translation, t), Quaternion.slerp(a.rotation, b.rotation, t));
  }
}
