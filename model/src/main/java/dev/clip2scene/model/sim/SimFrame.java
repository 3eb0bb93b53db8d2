package dev.clip2scene.model.sim;

import dev.clip2scene.model.geometry.RigidTransform;
import java.util.List;

/**
 * One simulated frame: its INDEX, TIME_S seconds after the start (the sweep's start and the cameras' exposure), the
 * ego pose then (base_link in odom), the LiDAR sweep and one image per camera, in the settings' camera order.
 */
public record SimFrame(int index, double timeS, RigidTransform egoPose, LidarSweep sweep, List<CameraFrame> images) {
  public SimFrame {
    images = List.copyOf(images);
  }
}
