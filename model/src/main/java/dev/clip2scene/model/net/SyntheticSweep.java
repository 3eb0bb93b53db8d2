package dev.clip2scene.model.net;

import dev.clip2scene.model.voxel.PointCloud;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A labelled LiDAR-like sweep for benchmarks and tests: a spinning sensor 1.8 m above a ground plane with 32
 * beams from -30 to +10 degrees, ray-cast against the ground, walls, cars and poles, 1 cm range noise. Voxel
 * neighbourhoods then look like a real sweep's (rings on the ground, thin vertical surfaces), unlike uniform noise.
 */
public final class SyntheticSweep {
  /** Classes of the labels: 0 ground, 1 car, 2 wall, 3 pole. */
  public static final List<String> CLASSES = List.of("ground", "car", "wall", "pole");
  private static final int BEAMS = 32;
  private static final double HEIGHT = 1.8;
  private static final double MAX_RANGE = 70;

  private record Box(double x0, double y0, double z0, double x1, double y1, double z1, int label, float intensity) {}

  /** Points (x, y, z, intensity) and one label per point. */
  public record Labelled(PointCloud cloud, int[] labels) {}

  private SyntheticSweep() {}

  /** A sweep of exactly {@code points} points (azimuth resolution chosen to reach it). */
  public static Labelled generate(int points, long seed) {
    if (points < 1) throw new IllegalArgumentException("points " + points);
    Random r = new Random(seed);
    List<Box> scene = scene(r);
    int azimuths = Math.max(8, (int) Math.ceil(points / (BEAMS * 0.55)));
    while (true) {
      float[] data = new float[BEAMS * azimuths * 4];
      int[] labels = new int[BEAMS * azimuths];
      int n = 0;
      for (int a = 0; a < azimuths; a++) {
        double az = 2 * Math.PI * a / azimuths;
        for (int b = 0; b < BEAMS; b++) {
          double el = Math.toRadians(-30 + 40.0 * b / (BEAMS - 1));
          double dx = Math.cos(el) * Math.cos(az), dy = Math.cos(el) * Math.sin(az), dz = Math.sin(el);
          double best = dz < 0 ? -HEIGHT / dz : Double.POSITIVE_INFINITY;
          int label = 0;
          float intensity = 0.1f;
          for (Box box : scene) {
            double t = hit(box, dx, dy, dz);
            if (t < best) {
              best = t;
              label = box.label;
              intensity = box.intensity;
            }
          }
          if (best > MAX_RANGE || best < 1) continue;
          double range = best + r.nextGaussian() * 0.01;
          data[4 * n] = (float) (dx * range);
          data[4 * n + 1] = (float) (dy * range);
          data[4 * n + 2] = (float) (dz * range);
          data[4 * n + 3] = Math.min(1f, Math.max(0f, intensity + (float) r.nextGaussian() * 0.02f));
          labels[n++] = label;
        }
      }
      if (n >= points) return subsample(data, labels, n, points, r);
      azimuths = (int) Math.ceil(azimuths * (points * 1.05 / n));
    }
  }

  private static List<Box> scene(Random r) {
    List<Box> boxes = new ArrayList<>();
    double z = -HEIGHT;
    boxes.add(new Box(-60, 9 + r.nextDouble() * 3, z, 60, 14, z + 8, 2, 0.4f));
    boxes.add(new Box(-60, -14, z, 60, -9 - r.nextDouble() * 3, z + 8, 2, 0.4f));
    for (int i = 0; i < 14; i++) {
      double cx = (r.nextDouble() * 2 - 1) * 40, cy = (r.nextBoolean() ? 1 : -1) * (2.5 + r.nextDouble() * 4);
      if (Math.abs(cx) < 3 && Math.abs(cy) < 3) continue;
      boxes.add(new Box(cx - 2.2, cy - 0.9, z, cx + 2.2, cy + 0.9, z + 1.5, 1, 0.7f));
    }
    for (int i = 0; i < 20; i++) {
      double cx = (r.nextDouble() * 2 - 1) * 50, cy = (r.nextBoolean() ? 1 : -1) * (7 + r.nextDouble());
      boxes.add(new Box(cx - 0.12, cy - 0.12, z, cx + 0.12, cy + 0.12, z + 5, 3, 0.9f));
    }
    return boxes;
  }

  /** Ray from the origin along (dx, dy, dz) against an axis-aligned box (slab test); +inf when missed. */
  private static double hit(Box b, double dx, double dy, double dz) {
    double near = 0, far = Double.POSITIVE_INFINITY;
    double[] lo = {b.x0, b.y0, b.z0}, hi = {b.x1, b.y1, b.z1}, d = {dx, dy, dz};
    for (int k = 0; k < 3; k++) {
      if (Math.abs(d[k]) < 1e-12) {
        if (0 < lo[k] || 0 > hi[k]) return Double.POSITIVE_INFINITY;
        continue;
      }
      double t0 = lo[k] / d[k], t1 = hi[k] / d[k];
      near = Math.max(near, Math.min(t0, t1));
      far = Math.min(far, Math.max(t0, t1));
    }
    return near <= far && near > 0 ? near : Double.POSITIVE_INFINITY;
  }

  private static Labelled subsample(float[] data, int[] labels, int n, int points, Random r) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) order[i] = i;
    for (int i = 0; i < points; i++) { // partial Fisher-Yates: a uniform subset, kept in scan order below
      int j = i + r.nextInt(n - i);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    java.util.Arrays.sort(order, 0, points);
    float[] out = new float[points * 4];
    int[] outLabels = new int[points];
    for (int i = 0; i < points; i++) {
      System.arraycopy(data, 4 * order[i], out, 4 * i, 4);
      outLabels[i] = labels[order[i]];
    }
    return new Labelled(new PointCloud(out, 4), outLabels);
  }
}
