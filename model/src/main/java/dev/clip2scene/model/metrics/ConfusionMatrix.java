package dev.clip2scene.model.metrics;

import java.util.Arrays;

/**
 * Counts of (ground truth, prediction) pairs over C classes; points whose ground truth is the ignore label are not
 * counted. Accumulates over many scans, then gives per-class IoU and mIoU.
 */
public final class ConfusionMatrix {
  private final int classes;
  private final int ignoreLabel;
  private final long[] counts;

  public ConfusionMatrix(int classes, int ignoreLabel) {
    if (classes < 1) throw new IllegalArgumentException("need at least one class, got " + classes);
    this.classes = classes;
    this.ignoreLabel = ignoreLabel;
    this.counts = new long[classes * classes];
  }

  public int classes() {
    return classes;
  }

  /** Adds one scan; a label outside [0, C) other than the ignore label is an error naming the point. */
  public void add(int[] truth, int[] predicted) {
    if (truth.length != predicted.length) {
      throw new IllegalArgumentException(truth.length + " ground-truth labels but " + predicted.length + " predictions");
    }
    for (int i = 0; i < truth.length; i++) {
      int t = truth[i];
      if (t == ignoreLabel) continue;
      int p = predicted[i];
      if (t < 0 || t >= classes) throw new IllegalArgumentException("point " + i + ": ground truth " + t + " outside [0, " + classes + ")");
      if (p < 0 || p >= classes) throw new IllegalArgumentException("point " + i + ": prediction " + p + " outside [0, " + classes + ")");
      counts[t * classes + p]++;
    }
  }

  public void add(ConfusionMatrix other) {
    if (other.classes != classes) throw new IllegalArgumentException("class counts differ: " + classes + " vs " + other.classes);
    for (int i = 0; i < counts.length; i++) counts[i] += other.counts[i];
  }

  public long count(int truth, int predicted) {
    return counts[truth * classes + predicted];
  }

  /** Per-class intersection over union; NaN for a class that appears neither in the truth nor the predictions. */
  public double[] iou() {
    double[] iou = new double[classes];
    for (int c = 0; c < classes; c++) {
      long tp = count(c, c);
      long truthTotal = 0, predTotal = 0;
      for (int k = 0; k < classes; k++) {
        truthTotal += count(c, k);
        predTotal += count(k, c);
      }
      long union = truthTotal + predTotal - tp;
      iou[c] = union == 0 ? Double.NaN : (double) tp / union;
    }
    return iou;
  }

  /** Mean IoU over the classes that appear (NaN entries of {@link #iou()} excluded); NaN when nothing was counted. */
  public double meanIou() {
    return Arrays.stream(iou()).filter(v -> !Double.isNaN(v)).average().orElse(Double.NaN);
  }

  /** Fraction of counted points predicted correctly. */
  public double accuracy() {
    long right = 0, total = 0;
    for (int c = 0; c < classes; c++) {
      right += count(c, c);
      for (int k = 0; k < classes; k++) total += count(c, k);
    }
    return total == 0 ? Double.NaN : (double) right / total;
  }

  /** Row-major C x C copy (rows: ground truth, columns: prediction). */
  public long[][] rows() {
    long[][] r = new long[classes][];
    for (int c = 0; c < classes; c++) r[c] = Arrays.copyOfRange(counts, c * classes, (c + 1) * classes);
    return r;
  }
}
