package dev.clip2scene.model.sim;

import dev.clip2scene.model.geometry.Quaternion;
import dev.clip2scene.model.geometry.RigidTransform;
import dev.clip2scene.model.geometry.Vector3;

/**
 * The ego vehicle's path in the odom frame (REP 105): along the main road's right inner lane (y about -1.75) at a
 * speed varying smoothly between 7.5 and 10.5 m/s, weaving gently inside its lane. base_link stays on the ground.
 */
public final class EgoTrajectory {
  private static final double SPEED = 9, SPEED_SWING = 1.5, SPEED_PERIOD = 6;
  private static final double LANE_Y = -1.75, WEAVE = 0.3, WEAVE_LENGTH = 35;

  /** Distance travelled after T seconds. */
  public double x(double t) {
    return SPEED * t + SPEED_SWING * SPEED_PERIOD * (1 - Math.cos(t / SPEED_PERIOD));
  }

  /** The pose of base_link in odom at T seconds after the start. */
  public RigidTransform pose(double t) {
    double x = x(t);
    double y = LANE_Y + WEAVE * Math.sin(x / WEAVE_LENGTH);
    double yaw = Math.atan(WEAVE / WEAVE_LENGTH * Math.cos(x / WEAVE_LENGTH));
    return new RigidTransform(new Vector3(x, y, 0), Quaternion.fromAxisAngle(new Vector3(0, 0, 1), yaw));
  }
}
