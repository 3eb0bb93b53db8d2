package dev.clip2scene.nodes.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clip2scene.model.geometry.CameraCalibration;
import dev.clip2scene.model.geometry.CameraModel;
import dev.clip2scene.model.geometry.RigidTransform;
import dev.clip2scene.model.geometry.Vector3;
import dev.clip2scene.nodes.dataset.kitti.KittiCalibration;
import dev.clip2scene.nodes.tf.StampedTransform;
import dev.clip2scene.nodes.tf.TransformBuffer;
import dev.clip2scene.testkit.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every file under calibration/ loads, round-trips through our writers, and describes a plausible rig. */
class ShippedCalibrationTest {
  private static final Path CALIBRATION = Fixtures.root().resolve("calibration");

  @TempDir Path tmp;

  @Test
  void everyShippedFileLoadsAndRoundTrips() throws Exception {
    List<Path> rigs;
    try (Stream<Path> s = Files.list(CALIBRATION)) {
      rigs = s.filter(Files::isDirectory).sorted().toList();
    }
    List<String> names = rigs.stream().map(p -> p.getFileName().toString()).toList();
    assertTrue(names.containsAll(List.of("kitti", "nuscenes-like")), names.toString());
    for (Path dir : rigs) {
      Rig rig = Rig.read(dir);
      assertFalse(rig.cameras().isEmpty(), dir + " has no camera");
      for (String name : rig.cameras().keySet()) {
        Path file = dir.resolve(name + ".yaml");
        CameraInfoFile original = CameraInfoFile.read(file);
        Path copy = tmp.resolve(name + ".yaml");
        original.write(copy);
        assertEquals(Files.readString(file), Files.readString(copy), "text round trip of " + file);
        assertEquals(original, CameraInfoFile.read(copy));
        // every camera's frame is in the tree
        assertTrue(rig.transforms().canTransform("base_link", name, 0), name + " is not connected to base_link");
      }
      Path copy = tmp.resolve("extrinsics.yaml");
      StaticExtrinsics.write(copy, "round trip", rig.extrinsics());
      assertEquals(rig.extrinsics(), StaticExtrinsics.read(copy), "extrinsics round trip of " + dir);
    }
  }

  @Test
  void kittiRigEqualsTheKittiCalibration() throws Exception {
    KittiCalibration kitti = KittiCalibration.read(Fixtures.sharedData("kitti/object/calib/000000.txt"));
    Rig rig = Rig.read(CALIBRATION.resolve("kitti"));
    assertEquals(kitti.camera(2, 1224, 370), rig.cameras().get("image_2"));
    RigidTransform shipped = rig.transforms().lookup("image_2", "velodyne", 0);
    RigidTransform expected = kitti.veloToCamera(2);
    assertEquals(0, shipped.translation().minus(expected.translation()).norm(), 1e-6);
    assertEquals(0, shipped.rotation().angleTo(expected.rotation()), 1e-6);
    RigidTransform imu = rig.transforms().lookup("velodyne", "imu_link", 0);
    assertEquals(0, imu.translation().minus(kitti.imuToVelo().orElseThrow().translation()).norm(), 1e-6);
    assertEquals(RigidTransform.IDENTITY, rig.transforms().lookup("base_link", "velodyne", 0));
  }

  @Test
  void nuscenesLikeRigSeesAllAround() throws Exception {
    Rig rig = Rig.read(CALIBRATION.resolve("nuscenes-like"));
    assertEquals(List.of("CAM_BACK", "CAM_BACK_LEFT", "CAM_BACK_RIGHT", "CAM_FRONT", "CAM_FRONT_LEFT",
        "CAM_FRONT_RIGHT"), List.copyOf(rig.cameras().keySet()));
    TransformBuffer tf = rig.transforms();
    double[] px = new double[2];
    // a point 20 m ahead at camera height is near the middle of CAM_FRONT and invisible to CAM_BACK
    Map<String, CameraCalibration> cams = rig.cameras();
    for (Map.Entry<String, CameraCalibration> e : cams.entrySet()) {
      assertEquals(1600, e.getValue().width());
      assertEquals(900, e.getValue().height());
    }
    CameraModel front = new CameraModel(cams.get("CAM_FRONT"));
    Vector3 ahead = tf.lookup("CAM_FRONT", "base_link", 0).apply(new Vector3(20, 0, 1.5));
    assertTrue(front.project(ahead.x(), ahead.y(), ahead.z(), px) && front.contains(px[0], px[1]));
    assertEquals(800, px[0], 30);
    assertEquals(450, px[1], 50);
    Vector3 fromBack = tf.lookup("CAM_BACK", "base_link", 0).apply(new Vector3(20, 0, 1.5));
    assertTrue(fromBack.z() < 0, "CAM_BACK looks backwards");
    // a ring of points 20 m around the car at 1.5 m height, given in the lidar frame: almost all seen by a camera
    int seen = 0, n = 360;
    for (int deg = 0; deg < n; deg++) {
      double a = Math.toRadians(deg);
      Vector3 base = new Vector3(0.944 + 20 * Math.cos(a), 20 * Math.sin(a), 1.5);
      boolean any = false;
      for (String name : cams.keySet()) {
        CameraModel c = new CameraModel(cams.get(name));
        Vector3 p = tf.lookup(name, "base_link", 0).apply(base);
        any |= c.project(p.x(), p.y(), p.z(), px) && c.contains(px[0], px[1]);
      }
      if (any) seen++;
    }
    System.out.printf("nuscenes-like rig: %d of %d directions seen by a camera%n", seen, n);
    assertTrue(seen >= 0.95 * n, "only " + seen + " of " + n + " directions seen");
    // the lidar is rotated -90 degrees about z: its +y axis points forward
    Vector3 lidarForward = tf.lookup("base_link", "LIDAR_TOP", 0).rotate(new Vector3(0, 1, 0));
    assertEquals(1, lidarForward.x(), 1e-6);
    assertTrue(rig.extrinsics().stream().map(StampedTransform::child).toList().contains("LIDAR_TOP"));
  }
}
