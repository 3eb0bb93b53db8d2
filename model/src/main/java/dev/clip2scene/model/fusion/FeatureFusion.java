package dev.clip2scene.model.fusion;

import dev.clip2scene.model.net.TextEmbeddings;

/**
 * Classifies features by cosine similarity with the text embeddings and decides, per point a camera sees, whether the
 * image's class replaces the 3D network's (OpenScene's 2D-3D ensemble):
 * <ul>
 *   <li>{@link FusionMode#ENSEMBLE}: when the image feature's best cosine similarity is higher than the 3D feature's;</li>
 *   <li>{@link FusionMode#IMAGE}: always.</li>
 * </ul>
 * A feature of zeros (a teacher with no class there, a point the network did not see) has no class. The score of a
 * class is its softmax probability over the cosine similarities times CLIP's logit scale (100). The text embeddings
 * are normalised once, here. Not thread-safe: {@link #cosine} and {@link #score} describe the last classification.
 */
public final class FeatureFusion {
  /** CLIP's learned temperature, clamped at 100 in training: cosine similarities times this are its logits. */
  public static final double LOGIT_SCALE = 100;

  private final int classes;
  private final int dim;
  private final float[] unitText;
  private final double[] cos;
  private double bestCos;
  private float score;

  public FeatureFusion(TextEmbeddings text) {
    this.classes = text.classes();
    this.dim = text.dim();
    this.unitText = text.values().clone();
    for (int c = 0; c < classes; c++) {
      double n = 0;
      for (int k = 0; k < dim; k++) n += (double) unitText[c * dim + k] * unitText[c * dim + k];
      if (!(n > 0) || !Double.isFinite(n)) {
        throw new IllegalArgumentException("text embedding " + c + " (" + text.labels().get(c) + ") has no direction");
      }
      float inv = (float) (1 / Math.sqrt(n));
      for (int k = 0; k < dim; k++) unitText[c * dim + k] *= inv;
    }
    this.cos = new double[classes];
  }

  public int dim() {
    return dim;
  }

  /**
   * The class of highest cosine similarity with the feature F[offset .. offset + dim); -1 for a zero or non-finite
   * feature. {@link #cosine} and {@link #score} then describe that class.
   */
  public int classify(float[] f, int offset) {
    double norm = 0;
    for (int k = 0; k < dim; k++) norm += (double) f[offset + k] * f[offset + k];
    if (!(norm > 0) || !Double.isFinite(norm)) {
      bestCos = Double.NEGATIVE_INFINITY;
      score = 0;
      return -1;
    }
    double inv = 1 / Math.sqrt(norm);
    int arg = 0;
    for (int c = 0; c < classes; c++) {
      double dot = 0;
      int t = c * dim;
      for (int k = 0; k < dim; k++) dot += f[offset + k] * unitText[t + k];
      cos[c] = dot * inv;
      if (cos[c] > cos[arg]) arg = c;
    }
    double sum = 0;
    for (int c = 0; c < classes; c++) sum += Math.exp((cos[c] - cos[arg]) * LOGIT_SCALE);
    bestCos = cos[arg];
    score = (float) (1 / sum);
    return arg;
  }

  /** The cosine similarity of the last classified feature with its class (-infinity when it had none). */
  public double cosine() {
    return bestCos;
  }

  /** The softmax probability of the last classified feature's class (0 when it had none). */
  public float score() {
    return score;
  }

  /**
   * Whether an image class whose cosine similarity is IMAGE_COS replaces the 3D label of a point whose feature's best
   * cosine similarity is POINT_COS (-infinity when the network has no feature there).
   */
  public static boolean imageWins(FusionMode mode, double imageCos, double pointCos) {
    return switch (mode) {
      case OFF -> false;
      case IMAGE -> true;
      case ENSEMBLE -> imageCos > pointCos;
    };
  }
}
