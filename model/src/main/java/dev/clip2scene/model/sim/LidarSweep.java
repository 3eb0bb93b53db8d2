package dev.clip2scene.model.sim;

/**
 * One revolution's returns, COUNT points in firing order (column by column, beam by beam): x, y, z in the LiDAR
 * frame (XYZ, 3 per point), intensity 0-255, T seconds after the sweep's stamp, the ground-truth class id and the
 * beam (ring) index.
 */
public record LidarSweep(int count, float[] xyz, float[] intensity, float[] time, short[] label, short[] ring) {
  public LidarSweep {
    if (xyz.length != 3 * count || intensity.length != count || time.length != count || label.length != count
        || ring.length != count) {
      throw new IllegalArgumentException("sweep arrays disagree with " + count + " points");
    }
  }
}
