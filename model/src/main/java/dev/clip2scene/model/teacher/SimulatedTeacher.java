package dev.clip2scene.model.teacher;

import dev.clip2scene.model.net.TextEmbeddings;
import dev.clip2scene.model.image.RgbImage;
import dev.clip2scene.model.loss.PseudoLabels;
import dev.clip2scene.model.sim.Noise;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * A stand-in for a CLIP teacher where no CLIP weights exist: it reads the ground-truth label image of each camera
 * image (simulated data has one) and corrupts it the way MaskCLIP's pseudo-labels are wrong. It is NOT CLIP and
 * says nothing about CLIP's quality; it only lets the 2D-to-3D distillation be measured against a known truth.
 * <ol>
 *   <li>patch resolution: one label per patch (16 x 16 pixels as ViT-B/16), the patch's majority class, so small
 *       objects vanish and edges turn blocky;</li>
 *   <li>boundary bleeding: a patch on a class boundary takes a neighbouring patch's class with probability bleed;</li>
 *   <li>blob noise: patches under the peaks of a smooth random field, coherent blobs a few patches wide, get a wrong
 *       class, mostly a similar one ({@link ClassSimilarity}); blobs are added until the image's pixel accuracy
 *       reaches its target (the configured accuracy plus a per-image jitter).</li>
 * </ol>
 * Outputs are a function of (settings, key, ground truth): deterministic. With text embeddings it also emits dense
 * features ({@link SimulatedFeatures}: each patch a mixture of its true classes' text embeddings, pulled toward the
 * wrong class on a wrong patch, on CLIP's cosine scale), whose argmax per patch is its label, so dense-teacher code
 * paths run as with MaskCLIP and a feature's similarity says how sure the teacher is.
 */
public final class SimulatedTeacher implements Teacher {
  private final SimulatedTeacherSettings settings;
  private final ClassSimilarity similarity;
  private final Function<TeacherKey, PixelLabels> groundTruth;
  private final TextEmbeddings text;
  private final float[] normalizedText;
  private final SimulatedFeatures features;
  private final String hash;

  /**
   * GROUND_TRUTH gives the per-pixel true classes of the image a key names (IGNORE where none); TEXT, when not null,
   * makes the teacher dense (features = class text embeddings) and must list the similarity's classes in order.
   */
  public SimulatedTeacher(SimulatedTeacherSettings settings, ClassSimilarity similarity,
      Function<TeacherKey, PixelLabels> groundTruth, TextEmbeddings text) {
    if (text != null && text.classes() != similarity.classes()) {
      throw new IllegalArgumentException(text.classes() + " text embeddings for " + similarity.classes() + " classes");
    }
    this.settings = settings;
    this.similarity = similarity;
    this.groundTruth = groundTruth;
    this.text = text;
    this.normalizedText = text == null ? null : text.normalized();
    this.features = text == null ? null : new SimulatedFeatures(text);
    this.hash = settings.describe() + (text == null ? "" : ",text=" + digest(normalizedText) + ",features=" + features.describe());
  }

  @Override
  public String weightsHash() {
    return hash;
  }

  @Override
  public boolean producesFeatures() {
    return text != null;
  }

  @Override
  public boolean crops() {
    return false;
  }

  @Override
  public TeacherOutput output(TeacherKey key, java.util.function.Supplier<RgbImage> image) {
    PixelLabels truth = groundTruth.apply(key);
    if (truth == null) throw new IllegalArgumentException("no ground-truth labels for " + key.topic() + " at " + key.stampNs() + " ns");
    long imageSeed = Noise.hash(settings.seed(), key.digest().hashCode(), key.stampNs());
    PixelLabels labels = corrupt(truth, imageSeed);
    return new TeacherOutput(labels, features == null ? null : features.of(truth, labels, imageSeed));
  }

  @Override
  public PixelLabels labels(PixelFeatures features) {
    if (text == null) throw new UnsupportedOperationException("this simulated teacher has no text embeddings");
    PixelLabels labels = features.argmax(normalizedText, text.classes());
    int dim = features.dim();
    float[] v = features.values();
    for (int cell = 0; cell < labels.labels().length; cell++) { // a zero feature is a patch without a class (sky)
      boolean zero = true;
      for (int d = 0; d < dim && zero; d++) zero = v[cell * dim + d] == 0;
      if (zero) labels.labels()[cell] = PseudoLabels.IGNORE;
    }
    return labels;
  }

  /** The corrupted patch labels of TRUTH (image resolution) for an image whose noise seed is IMAGE_SEED. */
  public PixelLabels corrupt(PixelLabels truth, long imageSeed) {
    int w = truth.width(), h = truth.height(), classes = similarity.classes();
    int gw = Math.max(1, (int) Math.round((double) w / settings.patch()));
    int gh = Math.max(1, (int) Math.round((double) h / settings.patch()));
    PatchHistogram histogram = PatchHistogram.of(truth, gw, gh, classes);
    int[] hist = histogram.counts();
    long labelled = histogram.labelled();
    int[] patchLabels = majority(hist, gw * gh, classes);
    int[] out = bleed(patchLabels, gw, gh, imageSeed);
    long correct = 0;
    for (int cell = 0; cell < out.length; cell++) if (out[cell] >= 0) correct += hist[cell * classes + out[cell]];
    double target = settings.accuracy() + settings.jitter() * (2 * Noise.unit(Noise.hash(imageSeed, 1)) - 1);
    long targetCorrect = Math.round(Math.max(0, Math.min(1, target)) * labelled);
    addBlobs(out, hist, gw, gh, correct, targetCorrect, imageSeed);
    return new PixelLabels(gw, gh, out);
  }

  private static int[] majority(int[] hist, int cells, int classes) {
    int[] labels = new int[cells];
    for (int cell = 0; cell < cells; cell++) {
      int best = PseudoLabels.IGNORE, bestCount = 0;
      for (int c = 0; c < classes; c++) {
        if (hist[cell * classes + c] > bestCount) {
          bestCount = hist[cell * classes + c];
          best = c;
        }
      }
      labels[cell] = best;
    }
    return labels;
  }

  /** Each boundary patch takes one of its differing 4-neighbours' classes with probability bleed. */
  private int[] bleed(int[] labels, int gw, int gh, long seed) {
    int[] out = labels.clone();
    int[] options = new int[4];
    for (int gy = 0; gy < gh; gy++) {
      for (int gx = 0; gx < gw; gx++) {
        int cell = gy * gw + gx, own = labels[cell];
        if (own < 0) continue;
        int n = 0;
        if (gx > 0 && differs(labels[cell - 1], own)) options[n++] = labels[cell - 1];
        if (gx + 1 < gw && differs(labels[cell + 1], own)) options[n++] = labels[cell + 1];
        if (gy > 0 && differs(labels[cell - gw], own)) options[n++] = labels[cell - gw];
        if (gy + 1 < gh && differs(labels[cell + gw], own)) options[n++] = labels[cell + gw];
        if (n == 0) continue;
        long r = Noise.hash(seed, 2, cell);
        if (Noise.unit(r) < settings.bleed()) out[cell] = options[(int) ((r >>> 3) % n)];
      }
    }
    return out;
  }

  private static boolean differs(int label, int own) {
    return label >= 0 && label != own;
  }

  /**
   * Relabels patches in order of a smooth random field, highest first (so they form blobs), each blob with one wrong
   * class per true class, until no more than TARGET pixels are right.
   */
  private void addBlobs(int[] out, int[] hist, int gw, int gh, long correct, long target, long seed) {
    if (correct <= target) return;
    int classes = similarity.classes();
    double scale = settings.blobPatches();
    long fieldSeed = Noise.hash(seed, 3);
    double[] field = new double[out.length];
    for (int cell = 0; cell < out.length; cell++) {
      field[cell] = Noise.fractal((cell % gw) / scale, (cell / gw) / scale, fieldSeed);
    }
    Integer[] order = IntStream.range(0, out.length).boxed().toArray(Integer[]::new);
    Arrays.sort(order, (a, b) -> Double.compare(field[b], field[a]));
    for (int cell : order) {
      if (correct <= target) return;
      int own = out[cell];
      if (own < 0) continue;
      long blob = Noise.hash(Noise.hash(seed, 4, Math.round((cell % gw) / scale)), Math.round((cell / gw) / scale), own);
      int wrong = similarity.confuse(own, settings.similarShare(), Noise.unit(blob), Noise.unit(Noise.mix(blob)));
      correct += hist[cell * classes + wrong] - hist[cell * classes + own];
      out[cell] = wrong;
    }
  }

  private static String digest(float[] values) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      ByteBuffer b = ByteBuffer.allocate(values.length * 4);
      for (float v : values) b.putFloat(v);
      md.update(b.array());
      return HexFormat.of().formatHex(md.digest(), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
