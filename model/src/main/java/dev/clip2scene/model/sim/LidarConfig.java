package dev.clip2scene.model.sim;

/**
 * A spinning LiDAR: BEAMS lasers spread evenly from MIN_ELEVATION_DEG to MAX_ELEVATION_DEG, COLUMNS firings per
 * revolution, RATE_HZ revolutions per second, returns between MIN_RANGE and MAX_RANGE metres. {@link #HDL32} is
 * shaped like the Velodyne HDL-32E of nuScenes.
 */
public record LidarConfig(int beams, int columns, double rateHz, double minElevationDeg, double maxElevationDeg,
    double minRange, double maxRange) {
  public static final LidarConfig HDL32 = new LidarConfig(32, 1084, 20, -30.67, 10.67, 0.5, 100);

  public LidarConfig {
    if (beams < 1 || beams > 65535) throw new IllegalArgumentException("beams must be 1 to 65535, got " + beams);
    if (columns < 1) throw new IllegalArgumentException("columns must be positive, got " + columns);
    if ((long) beams * columns > 4_000_000) {
      throw new IllegalArgumentException(beams + " x " + columns + " rays per sweep is more than 4,000,000");
    }
    if (!(rateHz > 0)) throw new IllegalArgumentException("rate must be positive, got " + rateHz);
    if (!(maxElevationDeg >= minElevationDeg)) throw new IllegalArgumentException("elevation range is empty");
    if (!(maxRange > minRange && minRange >= 0)) throw new IllegalArgumentException("range interval is empty");
  }

  /** The same sensor with about RAYS rays per sweep (columns = RAYS / beams, at least 1). */
  public LidarConfig withRaysPerSweep(int rays) {
    return new LidarConfig(beams, Math.max(1, rays / beams), rateHz, minElevationDeg, maxElevationDeg, minRange, maxRange);
  }

  public long sweepNanos() {
    return Math.round(1e9 / rateHz);
  }
}
