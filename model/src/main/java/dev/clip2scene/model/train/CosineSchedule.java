package dev.clip2scene.model.train;

/**
 * Cosine learning-rate decay from a base rate to a floor over a number of steps, with an optional linear warm-up:
 * lr(t) = floor + (base - floor) * (1 + cos(pi * t / total)) / 2.
 */
public record CosineSchedule(double baseRate, double floorRate, long totalSteps, long warmupSteps) {
  public CosineSchedule {
    if (totalSteps < 1) throw new IllegalArgumentException("total steps must be >= 1, got " + totalSteps);
    if (warmupSteps < 0 || warmupSteps >= totalSteps) {
      throw new IllegalArgumentException("warm-up steps must be in [0, " + totalSteps + "), got " + warmupSteps);
    }
  }

  public double rate(long step) {
    if (step < warmupSteps) return baseRate * (step + 1) / warmupSteps;
    long t = Math.min(step - warmupSteps, totalSteps - warmupSteps);
    double progress = (double) t / (totalSteps - warmupSteps);
    return floorRate + (baseRate - floorRate) * 0.5 * (1 + Math.cos(Math.PI * progress));
  }
}
