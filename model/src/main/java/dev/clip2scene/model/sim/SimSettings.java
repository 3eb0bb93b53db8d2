package dev.clip2scene.model.sim;

import dev.clip2scene.model.geometry.RigidTransform;
import java.util.List;

/**
 * What to simulate: SEED (world, noise), the number of FRAMES (one per LiDAR revolution), the LiDAR and its MOUNT in
 * base_link, the cameras, and whether points are de-skewed to the sweep's start.
 */
public record SimSettings(long seed, int frames, LidarConfig lidar, RigidTransform lidarMount, List<SimCamera> cameras,
    boolean deskew) {
  public SimSettings {
    if (frames < 1) throw new IllegalArgumentException("frames must be at least 1, got " + frames);
    cameras = List.copyOf(cameras);
  }
}
