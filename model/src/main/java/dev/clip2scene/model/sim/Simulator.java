package dev.clip2scene.model.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * Drives the ego through a world generated from the settings' seed and produces each frame's sweep and images.
 * Frames are independent functions of (settings, index): the same settings give the same frames, bit for bit, in
 * any order and with any number of threads.
 */
public final class Simulator {
  private static final double WORLD_BEHIND = 150, WORLD_AHEAD = 200;

  private final SimSettings settings;
  private final EgoTrajectory ego = new EgoTrajectory();
  private final World world;
  private final Shader shader;
  private final SpinningLidar lidar;
  private final List<CameraRenderer> renderers = new ArrayList<>();

  public Simulator(SimSettings settings) {
    this.settings = settings;
    double end = ego.x(settings.frames() / settings.lidar().rateHz());
    world = WorldGenerator.generate(settings.seed(), -WORLD_BEHIND, end + WORLD_AHEAD);
    shader = new Shader(world.road(), settings.seed());
    lidar = new SpinningLidar(settings.lidar(), settings.lidarMount());
    for (SimCamera c : settings.cameras()) renderers.add(new CameraRenderer(c.model()));
  }

  public SimSettings settings() {
    return settings;
  }

  public World world() {
    return world;
  }

  public EgoTrajectory ego() {
    return ego;
  }

  /** Seconds from the start to frame INDEX. */
  public double time(int index) {
    return index / settings.lidar().rateHz();
  }

  public SimFrame frame(int index) {
    if (index < 0 || index >= settings.frames()) {
      throw new IllegalArgumentException("frame " + index + " outside 0.." + (settings.frames() - 1));
    }
    double t = time(index);
    var pose = ego.pose(t);
    LidarSweep sweep = lidar.sweep(world, ego, t, settings.deskew(), Noise.hash(settings.seed(), index, -1));
    List<CameraFrame> images = new ArrayList<>();
    for (int c = 0; c < renderers.size(); c++) {
      images.add(renderers.get(c).render(world, shader, pose.compose(settings.cameras().get(c).mount()),
          Noise.hash(settings.seed(), index, c)));
    }
    return new SimFrame(index, t, pose, sweep, images);
  }
}
