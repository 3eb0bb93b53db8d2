package dev.clip2scene.model.sim;

import dev.clip2scene.model.geometry.CameraCalibration;
import dev.clip2scene.model.geometry.CameraModel;
import dev.clip2scene.model.geometry.Quaternion;
import dev.clip2scene.model.geometry.RigidTransform;
import java.util.List;

/** A small simulated rig like the nuScenes-like calibration: LIDAR_TOP and a front camera, both scaled down. */
final class SimFixtures {
  static final RigidTransform LIDAR_MOUNT = RigidTransform.of(0.944, 0, 1.84, new Quaternion(0, 0, -0.707106781, 0.707106781));
  static final RigidTransform FRONT_MOUNT = RigidTransform.of(1.7, 0.016, 1.51, new Quaternion(-0.5, 0.5, -0.5, 0.5));

  private SimFixtures() {}

  static SimCamera front(int width, int height) {
    double f = 1266.4 * width / 1600.0;
    return new SimCamera("CAM_FRONT", new CameraModel(CameraCalibration.pinhole(width, height, f, f, width / 2.0, height / 2.0)),
        FRONT_MOUNT);
  }

  static SimSettings settings(long seed, int frames, int width, int height, int columns, boolean deskew) {
    LidarConfig lidar = new LidarConfig(32, columns, 20, -30.67, 10.67, 0.5, 100);
    return new SimSettings(seed, frames, lidar, LIDAR_MOUNT, List.of(front(width, height)), deskew);
  }
}
