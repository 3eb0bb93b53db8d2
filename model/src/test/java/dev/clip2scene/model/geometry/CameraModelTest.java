package dev.clip2scene.model.geometry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class CameraModelTest {
  private static final double[] K = {700, 0, 620, 0, 705, 180, 0, 0, 1};
  private static final double[] P = {700, 0, 620, 0, 0, 705, 180, 0, 0, 0, 1, 0};

  private static CameraModel camera(String model, double... d) {
    return new CameraModel(new CameraCalibration(1242, 375, model, d, K, CameraCalibration.identity3(), P));
  }

  @Test
  void pinholeWithoutDistortion() {
    CameraModel c = new CameraModel(CameraCalibration.pinhole(1242, 375, 700, 705, 620, 180));
    double[] px = new double[2];
    assertTrue(c.project(1, -0.5, 10, px));
    assertEquals(620 + 70, px[0], 1e-12);
    assertEquals(180 - 35.25, px[1], 1e-12);
    assertFalse(c.project(1, 0, -10, px), "behind the camera");
  }

  @Test
  void unprojectInvertsProjectForEveryModel() {
    Random random = new Random(3);
    CameraModel[] cameras = {camera(Distortion.PLUMB_BOB, -0.3, 0.09, 1e-3, -5e-4, -0.01),
        camera(Distortion.RATIONAL_POLYNOMIAL, 0.6, -0.04, 6e-4, -3e-4, 0.002, 0.98, 0.09, 0.004),
        camera(Distortion.EQUIDISTANT, 0.05, -0.012, 0.004, -6e-4), camera(Distortion.PLUMB_BOB)};
    double[] px = new double[2];
    double[] ray = new double[3];
    for (CameraModel c : cameras) {
      for (int i = 0; i < 500; i++) {
        double x = random.nextDouble() * 1.6 - 0.8, y = random.nextDouble() * 1.0 - 0.5;
        assertTrue(c.project(x, y, 1, px));
        c.unproject(px[0], px[1], ray);
        assertEquals(x, ray[0], 1e-9, c.calibration().distortionModel());
        assertEquals(y, ray[1], 1e-9, c.calibration().distortionModel());
        assertEquals(1, ray[2]);
      }
    }
  }

  @Test
  void rectifyMapsRawPixelsToTheUndistortedImage() {
    CameraModel distorted = camera(Distortion.PLUMB_BOB, -0.3, 0.09, 1e-3, -5e-4, -0.01);
    CameraModel ideal = camera(Distortion.PLUMB_BOB);
    double[] raw = new double[2], rect = new double[2], expected = new double[2];
    distorted.project(2, 1, 8, raw);
    distorted.rectify(raw[0], raw[1], rect);
    ideal.project(2, 1, 8, expected);
    assertEquals(expected[0], rect[0], 1e-7);
    assertEquals(expected[1], rect[1], 1e-7);
  }

  @Test
  void foldedBackPointsAreInvalid() {
    // strong barrel distortion: x (1 - 0.4 r^2) stops growing at r = 0.91, after which far-off-axis points would
    // come back into the image
    CameraModel c = camera(Distortion.PLUMB_BOB, -0.4, 0, 0, 0, 0);
    double limit = c.distortion().maxRadius();
    assertEquals(Math.sqrt(1 / 1.2), limit, 1e-3);
    double[] px = new double[2];
    assertTrue(c.project(0.5, 0, 1, px));
    assertFalse(c.project(1.5, 0, 1, px));
    assertTrue(Double.isInfinite(camera(Distortion.PLUMB_BOB).distortion().maxRadius()));
  }

  @Test
  void bulkProjectionChecksDepthImageBoundsAndNaN() {
    CameraModel c = new CameraModel(CameraCalibration.pinhole(100, 50, 50, 50, 50, 25));
    float[] pts = {
        0, 0, 5, 9, // centre: valid
        0, 0, 0.5f, 9, // closer than 1 m
        0, 0, -5, 9, // behind
        20, 0, 5, 9, // right of the image
        Float.NaN, 0, 5, 9, // NaN
        -4.99f, -2.49f, 5, 9, // near the top-left corner: valid
        5, 0, 5, 9, // exactly u = width: outside
    };
    Projection p = new Projection();
    int valid = c.project(pts, 4, 7, RigidTransform.IDENTITY, 1.0, p);
    boolean[] expected = {true, false, false, false, false, true, false};
    assertEquals(2, valid);
    for (int i = 0; i < expected.length; i++) assertEquals(expected[i], p.valid(i), "point " + i);
    assertEquals(50, p.u(0), 1e-6);
    assertEquals(5, p.depth(0), 1e-6);
    assertThrows(IllegalArgumentException.class, () -> c.project(pts, 4, 8, RigidTransform.IDENTITY, 1.0, p));
    assertEquals(0, c.project(pts, 4, 0, RigidTransform.IDENTITY, 1.0, p));
    assertEquals(0, p.size());
  }

  @Test
  void rejectsBadCalibrations() {
    double[] i3 = CameraCalibration.identity3();
    assertThrows(IllegalArgumentException.class,
        () -> new CameraCalibration(10, 10, "kannala_brandt", new double[4], K, i3, P));
    assertThrows(IllegalArgumentException.class,
        () -> new CameraCalibration(10, 10, Distortion.RATIONAL_POLYNOMIAL, new double[5], K, i3, P));
    assertThrows(IllegalArgumentException.class,
        () -> new CameraCalibration(10, 10, Distortion.PLUMB_BOB, new double[5], new double[8], i3, P));
    assertThrows(IllegalArgumentException.class,
        () -> new CameraCalibration(0, 10, Distortion.PLUMB_BOB, new double[5], K, i3, P));
    assertThrows(IllegalArgumentException.class,
        () -> new CameraCalibration(10, 10, Distortion.PLUMB_BOB, new double[] {Double.NaN, 0, 0, 0, 0}, K, i3, P));
    // empty D (no distortion) and the 4-coefficient plumb_bob are accepted, as in image_geometry
    new CameraCalibration(10, 10, Distortion.EQUIDISTANT, new double[0], K, i3, P);
    new CameraCalibration(10, 10, Distortion.PLUMB_BOB, new double[4], K, i3, P);
  }
}
