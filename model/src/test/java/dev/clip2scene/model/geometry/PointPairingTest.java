package dev.clip2scene.model.geometry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PointPairingTest {
  private static final CameraModel CAMERA = new CameraModel(CameraCalibration.pinhole(100, 100, 50, 50, 50, 50));
  /** 102 degrees horizontal field of view. */
  private static final CameraModel WIDE = new CameraModel(CameraCalibration.pinhole(100, 100, 40, 40, 50, 50));
  /** Cloud frame: x forward, y left, z up. Optical frame of a camera looking along +x. */
  private static final Quaternion BODY_TO_OPTICAL = new Quaternion(-0.5, 0.5, -0.5, 0.5).conjugate();

  @Test
  void pairsEachPointWithEveryCameraThatSeesIt() {
    float[] pts = {
        10, 0, 0, // ahead: front camera only
        0, 10, 0, // left: left camera only
        5, 5, 0, // 45 degrees: both (each camera sees 102 degrees)
        0.5f, 0, 0, // too close
        -10, 0, 0, // behind both
    };
    RigidTransform front = new RigidTransform(Vector3.ZERO, BODY_TO_OPTICAL);
    // left camera: yawed +90 degrees, so cloud -> camera = (body -> optical) after (yaw -90)
    RigidTransform left = new RigidTransform(Vector3.ZERO,
        BODY_TO_OPTICAL.multiply(Quaternion.fromAxisAngle(new Vector3(0, 0, 1), -Math.PI / 2)));
    PointPixelPairs pairs = new PointPairing().pair(pts, 3, 5,
        List.of(new CameraView(WIDE, front), new CameraView(WIDE, left)), new PointPixelPairs());
    assertEquals(4, pairs.size());
    int[][] got = new int[pairs.size()][];
    for (int j = 0; j < pairs.size(); j++) got[j] = new int[] {pairs.point(j), pairs.camera(j)};
    assertEquals("[[0, 0], [2, 0], [1, 1], [2, 1]]", Arrays.deepToString(got));
    assertEquals(50, pairs.u(0), 1e-5);
    assertEquals(50, pairs.v(0), 1e-5);
    assertEquals(10, pairs.depth(0), 1e-5);
    assertEquals(10, pairs.u(1), 1e-5); // the 45-degree point: left part of the front image, right part of the left one
    assertEquals(90, pairs.u(3), 1e-5);
  }

  @Test
  void occlusionByNearerPointsAndByDepthImage() {
    // optical frame directly: two points on the same ray, 4 m and 8 m
    float[] pts = {0, 0, 4, 0, 0, 8, 2, 0, 8};
    List<CameraView> views = List.of(new CameraView(CAMERA, RigidTransform.IDENTITY));
    PointPixelPairs pairs = new PointPairing(1.0, 0.05, 2).pair(pts, 3, 3, views, new PointPixelPairs());
    assertEquals(2, pairs.size(), "the 8 m point behind the 4 m point is occluded");
    assertEquals(0, pairs.point(0));
    assertEquals(2, pairs.point(1));

    float[] depth = new float[100 * 100];
    Arrays.fill(depth, 8.02f); // a wall at 8.02 m: the 4 m point is inconsistent with it, the 8 m points agree
    depth[50 * 100 + 62] = 0; // no measurement at the third point's pixel (u = 62.5)
    PointPixelPairs withDepth = new PointPairing(1.0, PointPairing.SCANNET_OCCLUSION_TOLERANCE, 1)
        .pair(pts, 3, 3, List.of(new CameraView(CAMERA, RigidTransform.IDENTITY, depth)), new PointPixelPairs());
    assertEquals(1, withDepth.size());
    assertEquals(1, withDepth.point(0));
  }
}
