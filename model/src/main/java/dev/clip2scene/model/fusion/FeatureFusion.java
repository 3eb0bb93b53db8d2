package dev.clip2scene.model.fusion;

import dev.clip2scene.model.metrics.Ranks;
import dev.clip2scene.model.net.TextEmbeddings;

/**
 * Classifies features by cosine similarity with the text embeddings and decides, per point a camera sees, whether the
 * image's class replaces the 3D network's ({@link #choose}):
 * <ul>
 *   <li>{@link FusionMode#ENSEMBLE}: where the image is the more confident source (OpenScene's 2D-3D ensemble), with
 *       confidences made comparable first: each source's best cosine similarity is turned into its percentile among that
 *       source's own values over the points of the cloud that both label;</li>
 *   <li>{@link FusionMode#IMAGE}: always.</li>
 * </ul>
 * Raw cosine similarities of two sources are not comparable: OpenScene can compare them because its 3D network is
 * distilled onto the 2D features with a cosine loss, but a CLIP2Scene student is trained on dot products and CLIP's
 * image features sit at cosines of about 0.2-0.3 with any text, so one source would win almost everywhere whichever is
 * right. Ranks need no label and no temperature (as metasearch normalises scores of engines on unrelated scales).
 * A feature of zeros (a teacher with no class there, a point the network did not see) has no class. The score of a
 * class is its softmax probability over the cosine similarities times CLIP's logit scale (100). The text embeddings
 * are normalised once, here. Not thread-safe: {@link #cosine} and {@link #score} describe the last classification,
 * and {@link #choose} reuses buffers.
 */
public final class FeatureFusion {
  /** CLIP's learned temperature, clamped at 100 in training: cosine similarities times this are its logits. */
  public static final double LOGIT_SCALE = 100;

  private final int classes;
  private final int dim;
  private final float[] unitText;
  private final double[] cos;
  private int[] pool = new int[0];
  private int[] imageValue = new int[0];
  private int[] pointValue = new int[0];
  private int[] imageRank = new int[0];
  private int[] pointRank = new int[0];
  private long[] scratch = new long[0];
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
   * Which of N points take the image's class under MODE: TAKE_IMAGE[i] for point i, whose image class has the best
   * cosine similarity IMAGE_COS[i] and whose 3D feature POINT_COS[i] (-infinity where the network has no feature).
   * ENSEMBLE ranks each source's values (to 1e-6) among the points with a 3D feature: the image wins where its mid-rank
   * percentile (the share of that source's values below, ties counting half) is higher than the 3D feature's; a tie
   * keeps the 3D label; a point without a 3D feature takes the image.
   */
  public void choose(FusionMode mode, double[] imageCos, double[] pointCos, int n, boolean[] takeImage) {
    if (mode != FusionMode.ENSEMBLE) {
      java.util.Arrays.fill(takeImage, 0, n, mode == FusionMode.IMAGE);
      return;
    }
    if (pool.length < n) {
      pool = new int[n];
      imageValue = new int[n];
      pointValue = new int[n];
      imageRank = new int[n];
      pointRank = new int[n];
      scratch = new long[n];
    }
    int m = 0;
    for (int i = 0; i < n; i++) {
      if (Double.isFinite(pointCos[i]) && Double.isFinite(imageCos[i])) {
        pool[m] = i;
        imageValue[m] = resolved(imageCos[i]);
        pointValue[m] = resolved(pointCos[i]);
        m++;
      } else {
        takeImage[i] = !Double.isFinite(pointCos[i]);
      }
    }
    Ranks.twiceMidRanks(imageValue, m, scratch, imageRank);
    Ranks.twiceMidRanks(pointValue, m, scratch, pointRank);
    for (int j = 0; j < m; j++) takeImage[pool[j]] = imageRank[j] > pointRank[j];
  }

  /**
   * C at the resolution the ensemble ranks with, 1e-6: float32 features carry no finer difference, and equal features
   * sampled at different pixels differ by rounding, which must not order them.
   */
  private static int resolved(double c) {
    return (int) Math.round(Math.max(-1000, Math.min(1000, c)) * 1e6); // a cosine: within [-1, 1] but for rounding
  }
}
