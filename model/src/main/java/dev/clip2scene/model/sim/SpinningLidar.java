package dev.clip2scene.model.sim;

import dev.clip2scene.model.geometry.RigidTransform;
import dev.clip2scene.model.geometry.Vector3;
import java.util.stream.IntStream;

/**
 * Ray-casts a spinning LiDAR mounted on the moving ego. Each column fires at its own time within the sweep, from the
 * pose the ego has then (motion during the sweep). Points are returned either de-skewed (all in the LiDAR frame at
 * the sweep's start, the stamp) or raw (each in the LiDAR frame at its own firing time, as a sensor driver without
 * motion compensation delivers them); the per-point time says when each was measured either way.
 */
public final class SpinningLidar {
  private static final double RANGE_NOISE = 0.02;

  private final LidarConfig config;
  private final RigidTransform mount;
  private final double[] cosEl, sinEl;

  /** MOUNT: the pose of the LiDAR frame in base_link. */
  public SpinningLidar(LidarConfig config, RigidTransform mount) {
    this.config = config;
    this.mount = mount;
    cosEl = new double[config.beams()];
    sinEl = new double[config.beams()];
    for (int i = 0; i < config.beams(); i++) {
      double f = config.beams() == 1 ? 0 : i / (config.beams() - 1.0);
      double el = Math.toRadians(config.minElevationDeg() + f * (config.maxElevationDeg() - config.minElevationDeg()));
      cosEl[i] = Math.cos(el);
      sinEl[i] = Math.sin(el);
    }
  }

  public LidarConfig config() {
    return config;
  }

  /** The sweep starting START_S seconds into the drive; NOISE_SEED varies the range noise per frame. */
  public LidarSweep sweep(World world, EgoTrajectory ego, double startS, boolean deskew, long noiseSeed) {
    int beams = config.beams(), columns = config.columns();
    int rays = beams * columns;
    float[] xyz = new float[3 * rays];
    float[] intensity = new float[rays];
    short[] label = new short[rays];
    boolean[] valid = new boolean[rays];
    double period = 1 / config.rateHz();
    RigidTransform toReference = ego.pose(startS).compose(mount).inverse();
    int chunk = 32;
    IntStream.range(0, (columns + chunk - 1) / chunk).parallel().forEach(c -> {
      World.Tracer tracer = world.tracer();
      double[] ref = toReference.rotation().toMatrix();
      Vector3 refT = toReference.translation();
      for (int j = c * chunk; j < Math.min(columns, (c + 1) * chunk); j++) {
        RigidTransform pose = ego.pose(startS + period * j / columns).compose(mount);
        double[] r = pose.rotation().toMatrix();
        Vector3 o = pose.translation();
        double az = -2 * Math.PI * j / columns; // clockwise seen from above, as Velodyne sensors turn
        double ca = Math.cos(az), sa = Math.sin(az);
        for (int i = 0; i < beams; i++) {
          double lx = cosEl[i] * ca, ly = cosEl[i] * sa, lz = sinEl[i];
          double dx = r[0] * lx + r[1] * ly + r[2] * lz;
          double dy = r[3] * lx + r[4] * ly + r[5] * lz;
          double dz = r[6] * lx + r[7] * ly + r[8] * lz;
          if (!tracer.trace(o.x(), o.y(), o.z(), dx, dy, dz, config.maxRange())) continue;
          Hit h = tracer.hit;
          if (h.t < config.minRange()) continue;
          int k = j * beams + i;
          double range = h.t + RANGE_NOISE * (Noise.unit(Noise.hash(noiseSeed, k)) - 0.5) * 2;
          double wx = o.x() + dx * h.t, wy = o.y() + dy * h.t;
          Material m = world.material(h, wx, wy);
          double incidence = Math.abs(dx * h.nx + dy * h.ny + dz * h.nz);
          double reflect = h.primitive == World.GROUND && world.road().marking(wx, wy) ? 0.95 : m.reflectivity();
          double falloff = 1 / (1 + 0.004 * h.t);
          double grain = 0.85 + 0.3 * Noise.unit(Noise.hash(noiseSeed + 1, k));
          intensity[k] = (float) Math.min(255, 255 * reflect * (0.25 + 0.75 * incidence) * falloff * grain);
          label[k] = (short) m.sceneClass().id();
          if (deskew) {
            double px = o.x() + dx * range, py = o.y() + dy * range, pz = o.z() + dz * range;
            xyz[3 * k] = (float) (ref[0] * px + ref[1] * py + ref[2] * pz + refT.x());
            xyz[3 * k + 1] = (float) (ref[3] * px + ref[4] * py + ref[5] * pz + refT.y());
            xyz[3 * k + 2] = (float) (ref[6] * px + ref[7] * py + ref[8] * pz + refT.z());
          } else {
            xyz[3 * k] = (float) (lx * range);
            xyz[3 * k + 1] = (float) (ly * range);
            xyz[3 * k + 2] = (float) (lz * range);
          }
          valid[k] = true;
        }
      }
    });
    return compact(xyz, intensity, label, valid, beams, columns, period);
  }

  private static LidarSweep compact(float[] xyz, float[] intensity, short[] label, boolean[] valid, int beams,
      int columns, double period) {
    int n = 0;
    for (boolean v : valid) if (v) n++;
    float[] oXyz = new float[3 * n], oI = new float[n], oT = new float[n];
    short[] oL = new short[n], oRing = new short[n];
    int p = 0;
    for (int k = 0; k < valid.length; k++) {
      if (!valid[k]) continue;
      System.arraycopy(xyz, 3 * k, oXyz, 3 * p, 3);
      oI[p] = intensity[k];
      oT[p] = (float) (period * (k / beams) / columns);
      oL[p] = label[k];
      oRing[p] = (short) (k % beams);
      p++;
    }
    return new LidarSweep(n, oXyz, oI, oT, oL, oRing);
  }
}
