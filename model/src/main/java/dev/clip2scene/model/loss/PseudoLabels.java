package dev.clip2scene.model.loss;

/**
 * Class ids of points and pixels: targets, teacher labels, ground truth, predictions. {@link #IGNORE} is the one
 * "no label" value in memory everywhere (a point without a paired pixel, an unlabelled ground-truth point, a pixel
 * the teacher did not label); files store it as {@link #IGNORE_STORED}.
 */
public final class PseudoLabels {
  /** No label, in memory. */
  public static final int IGNORE = -1;
  /** No label as files store it: 8-bit label PNGs and images, the uint16 {@code label} field of clouds. */
  public static final int IGNORE_STORED = 255;

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
