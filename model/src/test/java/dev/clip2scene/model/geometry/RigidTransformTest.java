package dev.clip2scene.model.geometry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RigidTransformTest {
  private final Random random = new Random(7);

  private RigidTransform randomTransform() {
    return RigidTransform.of(random.nextGaussian() * 5, random.nextGaussian() * 5, random.nextGaussian() * 5,
        Quaternion.fromAxisAngle(new Vector3(random.nextGaussian(), random.nextGaussian(), random.nextGaussian()),
            random.nextDouble() * 2 * Math.PI));
  }

  private static void assertClose(Vector3 expected, Vector3 actual, double tol) {
    assertEquals(0, expected.minus(actual).norm(), tol, () -> "expected " + expected + " got " + actual);
  }

  @Test
  void composeAppliesRightOperandFirst() {
    for (int i = 0; i < 100; i++) {
      RigidTransform a = randomTransform(), b = randomTransform();
      Vector3 p = new Vector3(random.nextGaussian(), random.nextGaussian(), random.nextGaussian());
      assertClose(a.apply(b.apply(p)), a.compose(b).apply(p), 1e-12);
      assertClose(p, a.inverse().apply(a.apply(p)), 1e-12);
      assertClose(p, a.compose(a.inverse()).apply(p), 1e-12);
    }
  }

  @Test
  void quarterTurnAboutZ() {
    RigidTransform t = RigidTransform.of(1, 2, 3, Quaternion.fromAxisAngle(new Vector3(0, 0, 1), Math.PI / 2));
    assertClose(new Vector3(1, 3, 3), t.apply(new Vector3(1, 0, 0)), 1e-15);
  }

  @Test
  void matrixRoundTrip() {
    for (int i = 0; i < 100; i++) {
      RigidTransform t = randomTransform();
      RigidTransform back = RigidTransform.fromMatrix(t.toMatrix());
      assertArrayEquals(t.toMatrix(), back.toMatrix(), 1e-12);
      assertEquals(0, t.rotation().angleTo(back.rotation()), 1e-7);
    }
    assertThrows(IllegalArgumentException.class, () -> Quaternion.fromMatrix(new double[] {1, 0, 0, 0, 1, 0, 0, 0, -1}));
    assertThrows(IllegalArgumentException.class, () -> Quaternion.fromMatrix(new double[] {2, 0, 0, 0, 0.5, 0, 0, 0, 1}));
  }

  @Test
  void bulkApplyMatchesSinglePointsWithStride() {
    RigidTransform t = randomTransform();
    int n = 50;
    float[] xyzi = new float[n * 4];
    for (int i = 0; i < xyzi.length; i++) xyzi[i] = (float) random.nextGaussian() * 20;
    float[] out = new float[n * 3];
    t.apply(xyzi, 4, n, out);
    for (int i = 0; i < n; i++) {
      Vector3 e = t.apply(new Vector3(xyzi[4 * i], xyzi[4 * i + 1], xyzi[4 * i + 2]));
      assertClose(e, new Vector3(out[3 * i], out[3 * i + 1], out[3 * i + 2]), 1e-4);
    }
    assertThrows(IllegalArgumentException.class, () -> t.apply(xyzi, 4, n + 1, new float[3 * n + 3]));
  }

  @Test
  void slerpIsConstantSpeedAndTakesTheShortArc() {
    Quaternion a = Quaternion.IDENTITY;
    Quaternion b = Quaternion.fromAxisAngle(new Vector3(0, 0, 1), 2.0);
    for (double t = 0; t <= 1; t += 0.125) {
      Quaternion q = Quaternion.slerp(a, b, t);
      assertEquals(2.0 * t, a.angleTo(q), 1e-12);
      assertEquals(0, Quaternion.fromAxisAngle(new Vector3(0, 0, 1), 2.0 * t).angleTo(q), 1e-7);
    }
    Quaternion negated = new Quaternion(-b.x(), -b.y(), -b.z(), -b.w()); // same rotation, other hemisphere
    assertEquals(1.0, a.angleTo(Quaternion.slerp(a, negated, 0.5)), 1e-12);
    RigidTransform ta = RigidTransform.of(0, 0, 0, a), tb = RigidTransform.of(2, 4, -6, b);
    RigidTransform mid = RigidTransform.interpolate(ta, tb, 0.25);
    assertClose(new Vector3(0.5, 1, -1.5), mid.translation(), 1e-15);
    assertEquals(0.5, a.angleTo(mid.rotation()), 1e-12);
  }

  @Test
  void rejectsNonUnitAndNonFiniteRotations() {
    assertThrows(IllegalArgumentException.class, () -> RigidTransform.of(0, 0, 0, new Quaternion(0, 0, 0, 2)));
    assertThrows(IllegalArgumentException.class, () -> new Quaternion(0, Double.NaN, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> new Vector3(0, 0, Double.POSITIVE_INFINITY));
    assertEquals(1.0, RigidTransform.of(0, 0, 0, new Quaternion(0, 0, 0, 1.0004)).rotation().norm(), 1e-15);
  }
}
