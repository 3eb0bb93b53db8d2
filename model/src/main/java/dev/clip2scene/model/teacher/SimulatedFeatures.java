package dev.clip2scene.model.teacher;

import dev.clip2scene.model.net.TextEmbeddings;
import dev.clip2scene.model.sim.Noise;

/**
 * The simulated teacher's dense features (NOT CLIP's): per patch, a unit feature built from the classes the patch's
 * pixels truly hold and the label the teacher gives it, so that a feature carries a confidence the way MaskCLIP's do,
 * without any claim about how good CLIP's confidence is. For a patch labelled l (t_c: unit text embeddings):
 * <ol>
 *   <li>mixture: m = sum over classes of (share of the patch's labelled pixels of class c) t_c: a patch on a class
 *       border lies between its classes;</li>
 *   <li>confusion: where l is not the class m is most similar to (a wrong label: bleeding or a blob), the class it is
 *       confused with is added, m + w t_l, with w uniform between the weight at which l ties with m's best class and one
 *       more (a pure patch's own weight): the feature lies between the true and the wrong class, barely to clearly past
 *       the tie;</li>
 *   <li>noise: Gaussian, of norm about {@link #NOISE} by default (the patch's own appearance), added to the result
 *       scaled to unit length (so that a wrong patch's longer sum is not less noisy); where the noise would change the
 *       most similar class, the confusion step is taken again on the noisy feature, so s = unit(m + w t_l) + noise +
 *       w' t_l keeps l on top;</li>
 *   <li>scale: f = {@link #COSINE} unit(s) + sqrt(1 - COSINE^2) g, s taken orthogonal to g, a fixed unit direction
 *       orthogonal to every text embedding (the image-text modality gap): cosine similarities with the text embeddings
 *       are at most 0.3, CLIP's scale; where the text embeddings span the whole space there is no such g and f =
 *       unit(s).</li>
 * </ol>
 * Each patch's label is the argmax of its feature's similarities with the text embeddings (checked; a patch where
 * float rounding would break that gets the label's own embedding), so {@link SimulatedTeacher#labels} gives the labels
 * back. Patches without a label get zeros. Features are a function of (text, truth, labels, image seed).
 */
public final class SimulatedFeatures {
  /** The cosine similarity of a feature with its class's text embedding when the patch is pure and noiseless. */
  public static final double COSINE = 0.3;
  /** The default norm of a patch's noise, relative to its unit signal. */
  public static final double NOISE = 0.5;

  private final int classes;
  private final int dim;
  private final float[] unitText;
  private final double[][] rows;
  private final double[][] gram;
  private final double[] gap;
  private final double noise;

  /** Features for TEXT with the default noise. */
  public SimulatedFeatures(TextEmbeddings text) {
    this(text, NOISE);
  }

  /** Features for TEXT whose noise has norm about NOISE (0: none). */
  public SimulatedFeatures(TextEmbeddings text, double noise) {
    if (!(noise >= 0 && Double.isFinite(noise))) throw new IllegalArgumentException("feature noise must be >= 0, got " + noise);
    this.noise = noise;
    this.classes = text.classes();
    this.dim = text.dim();
    this.unitText = text.normalized();
    this.rows = new double[classes][dim];
    for (int c = 0; c < classes; c++) {
      for (int k = 0; k < dim; k++) rows[c][k] = unitText[c * dim + k];
      if (dot(rows[c], rows[c]) == 0) throw new IllegalArgumentException("text embedding " + c + " (" + text.labels().get(c) + ") has no direction");
    }
    this.gram = new double[classes][classes];
    for (int a = 0; a < classes; a++) for (int b = 0; b < classes; b++) gram[a][b] = dot(rows[a], rows[b]);
    this.gap = orthogonalToText();
  }

  /** A stable text of the model and its settings, for cache keys. */
  public String describe() {
    return "mixture,cos=" + COSINE + ",noise=" + noise;
  }

  /** Whether the features have a modality-gap direction (the text embeddings leave room for one). */
  public boolean hasGap() {
    return gap != null;
  }

  /**
   * The features of an image whose true classes are TRUTH (image resolution, IGNORE where none) and whose teacher labels
   * are LABELS (the patch grid); IMAGE_SEED seeds the noise.
   */
  public PixelFeatures of(PixelLabels truth, PixelLabels labels, long imageSeed) {
    int cells = labels.labels().length;
    PatchHistogram hist = PatchHistogram.of(truth, labels.width(), labels.height(), classes);
    float[] out = new float[cells * dim];
    double[] m = new double[dim];
    double[] score = new double[classes];
    for (int cell = 0; cell < cells; cell++) {
      int label = labels.labels()[cell];
      if (label < 0) continue;
      if (label >= classes) throw new IllegalArgumentException("patch " + cell + " has label " + label + ", the text embeddings have " + classes + " classes");
      mixture(hist, cell, m);
      confuse(m, label, score, Noise.unit(Noise.hash(imageSeed, 6, cell)));
      normalize(m); // noise relative to a unit signal, however many classes the patch mixes
      addNoise(m, cell, imageSeed);
      confuse(m, label, score, Noise.unit(Noise.hash(imageSeed, 7, cell)));
      if (gap != null) subtract(m, gap);
      if (dot(m, m) == 0 || !write(m, out, cell * dim, label)) {
        System.arraycopy(rows[label], 0, m, 0, dim);
        write(m, out, cell * dim, label);
      }
    }
    return new PixelFeatures(labels.width(), labels.height(), dim, out);
  }

  /** M = the text embeddings mixed by the shares of CELL's true classes (zeros where it has none). */
  private void mixture(PatchHistogram hist, int cell, double[] m) {
    java.util.Arrays.fill(m, 0);
    int total = hist.total(cell);
    for (int c = 0; c < classes && total > 0; c++) {
      int n = hist.count(cell, c);
      if (n == 0) continue;
      double share = (double) n / total;
      for (int k = 0; k < dim; k++) m[k] += share * rows[c][k];
    }
  }

  /** Scales M to unit length (a zero M stays zero). */
  private static void normalize(double[] m) {
    double n = Math.sqrt(dot(m, m));
    if (n > 0) for (int k = 0; k < m.length; k++) m[k] /= n;
  }

  /** Adds CELL's Gaussian noise, of norm about {@link #noise}, to M. */
  private void addNoise(double[] m, int cell, long imageSeed) {
    if (noise == 0) return;
    double sd = noise / Math.sqrt(dim);
    for (int k = 0; k < dim; k++) {
      long h = Noise.hash(imageSeed, 5, (long) cell * dim + k);
      double u1 = 1 - Noise.unit(h), u2 = Noise.unit(Noise.mix(h)); // Box-Muller, u1 in (0, 1]
      m[k] += sd * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
  }

  /**
   * Where LABEL is not the class most similar to M, adds w t_label to M, w uniform (by U) between the weight at which
   * LABEL ties with the best other class and one more. SCORE is scratch space.
   */
  private void confuse(double[] m, int label, double[] score, double u) {
    for (int c = 0; c < classes; c++) score[c] = dot(m, rows[c]);
    double tie = -1;
    for (int c = 0; c < classes; c++) {
      if (c == label || score[c] < score[label]) continue;
      double gain = 1 - gram[label][c]; // what one unit of t_label gains on class c
      if (gain <= 1e-9) return; // the same direction as LABEL's: no weight separates them
      tie = Math.max(tie, (score[c] - score[label]) / gain);
    }
    if (tie < 0) return;
    double w = tie + u;
    for (int k = 0; k < dim; k++) m[k] += w * rows[label][k];
  }

  /**
   * OUT[offset, offset + dim) = COSINE unit(S) + sqrt(1 - COSINE^2) gap (S orthogonal to the gap), or unit(S) without a
   * gap; whether LABEL is the feature's most similar class, as {@link PixelFeatures#argmax} computes it in floats.
   */
  private boolean write(double[] s, float[] out, int offset, int label) {
    double n = Math.sqrt(dot(s, s));
    for (int k = 0; k < dim; k++) out[offset + k] = (float) (gap == null ? s[k] / n : COSINE * s[k] / n + Math.sqrt(1 - COSINE * COSINE) * gap[k]);
    return argmax(out, offset) == label;
  }

  /** The class of highest dot product with the unit text rows, computed as {@link PixelFeatures#argmax} does. */
  private int argmax(float[] f, int offset) {
    int best = 0;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < classes; c++) {
      double s = 0;
      for (int k = 0; k < dim; k++) s += f[offset + k] * unitText[c * dim + k];
      if (s > bestScore) {
        bestScore = s;
        best = c;
      }
    }
    return best;
  }

  /** A fixed unit vector orthogonal to every text embedding; null when they span the whole space. */
  private double[] orthogonalToText() {
    double[][] basis = new double[classes][];
    int size = 0;
    for (double[] row : rows) {
      double[] v = row.clone();
      for (int pass = 0; pass < 2; pass++) for (int b = 0; b < size; b++) subtract(v, basis[b]);
      double n = Math.sqrt(dot(v, v));
      if (n > 1e-6) {
        for (int k = 0; k < dim; k++) v[k] /= n;
        basis[size++] = v;
      }
    }
    if (size >= dim) return null;
    double[] g = new double[dim];
    for (int k = 0; k < dim; k++) g[k] = 2 * Noise.unit(Noise.hash(0x6a9, k)) - 1;
    for (int pass = 0; pass < 2; pass++) for (int b = 0; b < size; b++) subtract(g, basis[b]);
    double n = Math.sqrt(dot(g, g));
    if (n < 1e-6) return null;
    for (int k = 0; k < dim; k++) g[k] /= n;
    return g;
  }

  /** V minus its projection on the unit vector B. */
  private static void subtract(double[] v, double[] b) {
    double p = dot(v, b);
    for (int k = 0; k < v.length; k++) v[k] -= p * b[k];
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int k = 0; k < a.length; k++) s += a[k] * b[k];
    return s;
  }
}
