package dev.clip2scene.model.loss;

/** Per-point class targets; {@link #IGNORE} marks points without a paired pixel (or otherwise excluded). */
public final class PseudoLabels {
  public static final int IGNORE = -1;

  private PseudoLabels() {}

  /** Checks every label is IGNORE or a class index below CLASSES; names the first bad point. */
  static void check(int[] labels, int points, int classes) {
    if (labels.length != points) {
      throw new IllegalArgumentException(labels.length + " labels for " + points + " points");
    }
    for (int i = 0; i < labels.length; i++) {
      int y = labels[i];
      if (y != IGNORE && (y < 0 || y >= classes)) {
        throw new IllegalArgumentException("point " + i + ": label " + y + " outside [0, " + classes + ")");
      }
    }
  }
}
