package dev.clip2scene.nodes.demo;

import dev.clip2scene.model.fusion.FeatureFusion;
import dev.clip2scene.model.fusion.FusionMode;
import dev.clip2scene.model.geometry.CameraView;
import dev.clip2scene.model.geometry.PointPairing;
import dev.clip2scene.model.geometry.PointPixelPairs;
import dev.clip2scene.model.infer.device.DeviceChoice;
import dev.clip2scene.model.infer.device.Inference;
import dev.clip2scene.model.loss.PseudoLabels;
import dev.clip2scene.model.metrics.ConfusionMatrix;
import dev.clip2scene.model.metrics.Ranks;
import dev.clip2scene.model.net.PointFeatures;
import dev.clip2scene.model.net.Segmenter;
import dev.clip2scene.model.net.TextEmbeddings;
import dev.clip2scene.model.sim.Noise;
import dev.clip2scene.model.teacher.PixelFeatures;
import dev.clip2scene.model.teacher.PixelLabels;
import dev.clip2scene.model.teacher.PrecomputedTeacher;
import dev.clip2scene.model.teacher.SimulatedFeatures;
import dev.clip2scene.model.teacher.TeacherKey;
import dev.clip2scene.model.train.CameraFrame;
import dev.clip2scene.model.train.Sample;
import dev.clip2scene.model.voxel.CropBox;
import dev.clip2scene.model.voxel.PointCloud;
import dev.clip2scene.nodes.bag.BagReader;
import dev.clip2scene.nodes.sim.BagGroundTruth;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * 2D-3D fusion where the ground truth is known: on held-out simulated sweeps, the student's per-point features (3D)
 * are combined with a 2D source the way the perception node fuses ({@link FeatureFusion}), and each is scored. The 2D
 * source is the simulated teacher: its held-out patch labels with the dense features of {@link SimulatedFeatures}
 * (each patch a mixture of its true classes' text embeddings, pulled toward the wrong class where the label is wrong,
 * on CLIP's cosine scale), taken at each point's patch. It is NOT CLIP; how sure it is where it is wrong is a model,
 * not a measurement of MaskCLIP. The node samples image features bilinearly, as MaskCLIP's labels are the argmax of its
 * upsampled features; the simulated teacher's labels are per patch, and its features sampled between patches would
 * mix in the true classes of neighbouring wrong patches, a 2D source better than the labels the student learned from.
 */
public final class FusionScore {
  /**
   * mIoU of each source. "Seen": the points a camera sees (depth over the minimum, inside an image) where the 2D source
   * has a class and the network labels the point; there the image mode equals 2D-only. "All": every held-out point the
   * network labels, 2D-only undefined.
   *
   * @param seenRawCosine the seen points fused by comparing raw best cosine similarities (OpenScene's rule as written)
   * @param seenOracle the seen points given whichever source is right where one is: the ceiling of any per-point choice
   * @param imageShare the share of the seen points whose ensemble label came from the image
   * @param rawImageShare the same under the raw comparison
   * @param medianCos3d the median over the seen points of the student feature's best cosine similarity
   * @param medianCos2d the same of the 2D source's feature
   * @param separation3d how well the student's best cosine similarity tells its right classes from its wrong ones over
   *     the seen points: the chance that a right point has a higher value than a wrong one (ties half; the area under
   *     the ROC curve, 0.5 = no information)
   * @param separation2d the same for the 2D source
   * @param disagreement where the two sources' classes differ
   * @param iouSeen per class IoU on the seen points (NaN: class absent) of 3D-only, 2D-only and the ensemble, in that order
   * @param accuracySeen the share of the seen points each of them labels right, in the same order
   * @param sensitivity the same student fused with the simulated teacher at other feature noise levels (same labels,
   *     a less or more informative confidence), one of them the default's
   */
  public record Result(double seen3d, double seen2d, double seenEnsemble, double seenRawCosine, double seenOracle, double all3d,
      double allEnsemble, double allImage, long seenPoints, long allPoints, double imageShare, double rawImageShare,
      double medianCos3d, double medianCos2d, double separation3d, double separation2d, Disagreement disagreement,
      List<double[]> iouSeen, double[] accuracySeen, List<NoiseLevel> sensitivity) {
    Result withSensitivity(List<NoiseLevel> levels) {
      return new Result(seen3d, seen2d, seenEnsemble, seenRawCosine, seenOracle, all3d, allEnsemble, allImage, seenPoints, allPoints,
          imageShare, rawImageShare, medianCos3d, medianCos2d, separation3d, separation2d, disagreement, iouSeen, accuracySeen, List.copyOf(levels));
    }
  }

  /**
   * The seen points where the 3D and 2D classes differ.
   *
   * @param share their share of the seen points
   * @param right3d the share of them where the 3D class is right
   * @param right2d the share where the 2D class is right (the rest: neither)
   * @param ensemblePicksRight where exactly one source is right, the share where the ensemble took that one
   * @param rawPicksRight the same for the raw cosine comparison
   */
  public record Disagreement(double share, double right3d, double right2d, double ensemblePicksRight, double rawPicksRight) {}

  /** Fusion with the simulated teacher's features at feature noise NOISE ({@link SimulatedFeatures}). */
  public record NoiseLevel(double noise, double separation2d, double seen2d, double seenEnsemble, double ensemblePicksRight) {}

  /** The feature noise levels of {@link Result#sensitivity}. */
  static final double[] NOISE_LEVELS = {0.25, SimulatedFeatures.NOISE, 1, 2};

  /** The student's side of one held-out sweep: its class per point (-1 outside the crop box) and best cosine similarity. */
  private record StudentView(Sample sample, int[] own, double[] cos) {}

  private FusionScore() {}

  /**
   * Scores SAMPLES (keyframe points with ground truth, their cameras, read from BAG) with the student in STUDENT (a model
   * folder), the teacher's PNG labels in TEACHER_DIR with features from BAG's ground-truth label images (noise seeded
   * by SEED), and TEXT as the classifier; the student runs on DEVICE.
   */
  static Result run(List<Sample> samples, Path bag, Path student, Path teacherDir, TextEmbeddings text, long seed, CropBox crop,
      double minDepth, DeviceChoice device) throws IOException {
    FeatureFusion fusion = new FeatureFusion(text);
    List<StudentView> views = new ArrayList<>();
    try (Segmenter seg = Inference.open(student, crop, device)) {
      for (Sample s : samples) {
        int n = s.keyframePoints();
        PointCloud cloud = new PointCloud(Arrays.copyOf(s.points(), n * Sample.STRIDE), Sample.STRIDE);
        int[] own = seg.segment(cloud, text).labels();
        PointFeatures f3 = seg.features(cloud);
        double[] cos = new double[n];
        for (int i = 0; i < n; i++) {
          fusion.classify(f3.values(), i * text.dim());
          cos[i] = own[i] >= 0 ? fusion.cosine() : Double.NEGATIVE_INFINITY;
        }
        views.add(new StudentView(s, own, cos));
      }
    }
    try (BagReader reader = BagReader.open(bag)) {
      ImageSide images = new ImageSide(bag, new BagGroundTruth(reader, text.classes()), new PrecomputedTeacher(teacherDir, null, text.classes()),
          seed, minDepth, fusion);
      Result main = null;
      List<NoiseLevel> levels = new ArrayList<>();
      for (double noise : NOISE_LEVELS) {
        Result r = score(views, images, new SimulatedFeatures(text, noise), fusion, text.classes());
        levels.add(new NoiseLevel(noise, r.separation2d(), r.seen2d(), r.seenEnsemble(), r.disagreement().ensemblePicksRight()));
        if (noise == SimulatedFeatures.NOISE) main = r;
      }
      return main.withSensitivity(levels);
    }
  }

  /** The 2D source of a sweep: per point, the most confident camera's class (-1 where none) and its cosine similarity. */
  private static final class ImageSide {
    private final Path bag;
    private final BagGroundTruth truth;
    private final PrecomputedTeacher teacher;
    private final long seed;
    private final PointPairing pairing;
    private final PointPixelPairs pairs = new PointPixelPairs();
    private final FeatureFusion fusion;

    ImageSide(Path bag, BagGroundTruth truth, PrecomputedTeacher teacher, long seed, double minDepth, FeatureFusion fusion) {
      this.bag = bag;
      this.truth = truth;
      this.teacher = teacher;
      this.seed = seed;
      this.pairing = new PointPairing(minDepth, Double.NaN, 1);
      this.fusion = fusion;
    }

    /** Fills IMAGE_CLASS and IMAGE_COS (N points) for sweep S with FEATURES' model of the teacher. */
    void compute(Sample s, SimulatedFeatures features, int[] imageClass, double[] imageCos) {
      int n = s.keyframePoints();
      Arrays.fill(imageClass, -1);
      List<CameraFrame> cams = s.cameras();
      PixelFeatures[] perCamera = new PixelFeatures[cams.size()];
      for (int c = 0; c < cams.size(); c++) {
        CameraFrame cam = cams.get(c);
        TeacherKey key = new TeacherKey(s.source(), cam.topic(), cam.stampNs(), teacher.weightsHash(),
            TeacherKey.Crop.whole(cam.camera().width(), cam.camera().height()));
        PixelLabels labels = teacher.output(key, cam.image()).labels();
        PixelLabels gt = truth.apply(key);
        if (gt == null) throw new IllegalArgumentException(bag + ": no ground-truth labels for " + cam.topic() + " at " + cam.stampNs() + " ns");
        perCamera[c] = features.of(gt, labels, Noise.hash(seed, cam.topic().hashCode(), cam.stampNs()));
      }
      pairing.pair(s.points(), Sample.STRIDE, n, cams.stream().map(cam -> new CameraView(cam.camera(), cam.cloudToCamera())).toList(), pairs);
      float[] sample = new float[fusion.dim()];
      for (int j = 0; j < pairs.size(); j++) {
        CameraFrame cam = cams.get(pairs.camera(j));
        perCamera[pairs.camera(j)].sampleNearest(pairs.u(j), pairs.v(j), cam.camera().width(), cam.camera().height(), sample, 0);
        int k = fusion.classify(sample, 0);
        int p = pairs.point(j);
        if (k >= 0 && (imageClass[p] < 0 || fusion.cosine() > imageCos[p])) {
          imageClass[p] = k;
          imageCos[p] = fusion.cosine();
        }
      }
    }
  }

  /** Every figure but the sensitivity, for the 2D source modelled by FEATURES. */
  private static Result score(List<StudentView> views, ImageSide images, SimulatedFeatures features, FeatureFusion fusion, int classes) {
    ConfusionMatrix seen3d = matrix(classes), seen2d = matrix(classes), seenEnsemble = matrix(classes), seenRaw = matrix(classes);
    ConfusionMatrix seenOracle = matrix(classes), all3d = matrix(classes), allEnsemble = matrix(classes), allImage = matrix(classes);
    long seenPoints = 0, allPoints = 0, fromImage = 0, rawFromImage = 0;
    long disagree = 0, right3d = 0, right2d = 0, oneRight = 0, ensembleRight = 0, rawRight = 0;
    List<Double> cos3d = new ArrayList<>(), cos2d = new ArrayList<>();
    List<Boolean> ok3d = new ArrayList<>(), ok2d = new ArrayList<>();
    for (StudentView v : views) {
      Sample s = v.sample();
      int n = s.keyframePoints();
      int[] own = v.own();
      int[] imageClass = new int[n];
      double[] imageCos = new double[n];
      images.compute(s, features, imageClass, imageCos);
      // the points both sources label, decided together as the node decides a cloud
      int[] pool = IntStream.range(0, n).filter(i -> own[i] >= 0 && imageClass[i] >= 0).toArray();
      double[] poolImage = new double[pool.length], poolPoint = new double[pool.length];
      for (int j = 0; j < pool.length; j++) {
        poolPoint[j] = v.cos()[pool[j]];
        poolImage[j] = imageCos[pool[j]];
      }
      boolean[] take = new boolean[pool.length];
      fusion.choose(FusionMode.ENSEMBLE, poolImage, poolPoint, pool.length, take);
      int[] truthAll = new int[n], truthSeen = new int[n];
      Arrays.fill(truthSeen, PseudoLabels.IGNORE);
      int[] p3 = new int[n], p2 = new int[n], pe = new int[n], pr = new int[n], po = new int[n], pi = new int[n];
      for (int i = 0; i < n; i++) {
        int truth = s.labels()[i];
        boolean labelled = own[i] >= 0 && truth != PseudoLabels.IGNORE; // outside the crop box: not scored
        truthAll[i] = labelled ? truth : PseudoLabels.IGNORE;
        p3[i] = Math.max(0, own[i]);
        p2[i] = Math.max(0, imageClass[i]);
        pi[i] = labelled && imageClass[i] >= 0 ? imageClass[i] : p3[i];
        pe[i] = pr[i] = po[i] = p3[i];
        if (labelled) allPoints++;
      }
      for (int j = 0; j < pool.length; j++) {
        int i = pool[j];
        if (take[j]) pe[i] = imageClass[i];
        if (poolImage[j] > poolPoint[j]) pr[i] = imageClass[i];
        int truth = s.labels()[i];
        if (truth == PseudoLabels.IGNORE) continue;
        truthSeen[i] = truth;
        seenPoints++;
        cos3d.add(poolPoint[j]);
        cos2d.add(poolImage[j]);
        ok3d.add(own[i] == truth);
        ok2d.add(imageClass[i] == truth);
        if (take[j]) fromImage++;
        if (pr[i] != p3[i]) rawFromImage++;
        if (imageClass[i] == truth) po[i] = truth;
        if (own[i] == imageClass[i]) continue;
        disagree++;
        boolean r3 = own[i] == truth, r2 = imageClass[i] == truth;
        if (r3) right3d++;
        if (r2) right2d++;
        if (r3 != r2) {
          oneRight++;
          if (pe[i] == truth) ensembleRight++;
          if (pr[i] == truth) rawRight++;
        }
      }
      seen3d.add(truthSeen, p3);
      seen2d.add(truthSeen, p2);
      seenEnsemble.add(truthSeen, pe);
      seenRaw.add(truthSeen, pr);
      seenOracle.add(truthSeen, po);
      all3d.add(truthAll, p3);
      allEnsemble.add(truthAll, pe);
      allImage.add(truthAll, pi);
    }
    Disagreement d = new Disagreement(share(disagree, seenPoints), share(right3d, disagree), share(right2d, disagree),
        share(ensembleRight, oneRight), share(rawRight, oneRight));
    return new Result(seen3d.meanIou(), seen2d.meanIou(), seenEnsemble.meanIou(), seenRaw.meanIou(), seenOracle.meanIou(),
        all3d.meanIou(), allEnsemble.meanIou(), allImage.meanIou(), seenPoints, allPoints, share(fromImage, seenPoints),
        share(rawFromImage, seenPoints), median(cos3d), median(cos2d), separation(cos3d, ok3d), separation(cos2d, ok2d), d,
        List.of(seen3d.iou(), seen2d.iou(), seenEnsemble.iou()), new double[] {seen3d.accuracy(), seen2d.accuracy(), seenEnsemble.accuracy()},
        List.of());
  }

  private static ConfusionMatrix matrix(int classes) {
    return new ConfusionMatrix(classes, PseudoLabels.IGNORE);
  }

  private static double share(long part, long whole) {
    return whole == 0 ? Double.NaN : (double) part / whole;
  }

  /** The chance that a value with RIGHT set exceeds one without (ties count half); NaN when either kind is missing. */
  static double separation(List<Double> values, List<Boolean> right) {
    double[] wrong = IntStream.range(0, values.size()).filter(i -> !right.get(i)).mapToDouble(values::get).sorted().toArray();
    long rightCount = 0;
    double sum = 0;
    for (int i = 0; i < values.size(); i++) {
      if (!right.get(i)) continue;
      rightCount++;
      sum += Ranks.twiceMidRank(wrong, wrong.length, values.get(i)) / 2.0;
    }
    return rightCount == 0 || wrong.length == 0 ? Double.NaN : sum / ((double) rightCount * wrong.length);
  }

  private static double median(List<Double> v) {
    if (v.isEmpty()) return Double.NaN;
    double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return a[a.length / 2];
  }

  /** Calls SINK with each line of a human summary of R, whose classes are named CLASSES. */
  public static void describe(Result r, List<String> classes, Consumer<String> sink) {
    sink.accept(String.format(Locale.ROOT, "fusion (2D source: the simulated teacher, NOT CLIP), mIoU on the %d points a camera sees: "
        + "3D-only %.1f, 2D-only %.1f, fused (ensemble) %.1f (%.0f %% of them take the image's class); raw cosine comparison "
        + "%.1f (%.0f %% image); either source where one is right %.1f", r.seenPoints(), 100 * r.seen3d(), 100 * r.seen2d(),
        100 * r.seenEnsemble(), 100 * r.imageShare(), 100 * r.seenRawCosine(), 100 * r.rawImageShare(), 100 * r.seenOracle()));
    String[] sources = {"3D-only", "2D-only", "fused (ensemble)"};
    for (int k = 0; k < sources.length; k++) {
      sink.accept(String.format(Locale.ROOT, "  %s on those points: accuracy %.1f %%, per class IoU %s", sources[k],
          100 * r.accuracySeen()[k], IouText.perClass(r.iouSeen().get(k), classes)));
    }
    Disagreement d = r.disagreement();
    sink.accept(String.format(Locale.ROOT, "fusion: the sources differ on %.0f %% of those points (3D right on %.0f %% of them, 2D on "
        + "%.0f %%); where one is right the ensemble picks it %.0f %% of the time, the raw comparison %.0f %%; best cosine "
        + "similarity: median 3D %.2f, 2D %.2f, right above wrong (ROC area) 3D %.2f, 2D %.2f", 100 * d.share(), 100 * d.right3d(),
        100 * d.right2d(), 100 * d.ensemblePicksRight(), 100 * d.rawPicksRight(), r.medianCos3d(), r.medianCos2d(), r.separation3d(),
        r.separation2d()));
    sink.accept(String.format(Locale.ROOT, "fusion, mIoU on all %d points: 3D-only %.1f, fused ensemble %.1f, fused image %.1f",
        r.allPoints(), 100 * r.all3d(), 100 * r.allEnsemble(), 100 * r.allImage()));
    for (NoiseLevel l : r.sensitivity()) {
      sink.accept(String.format(Locale.ROOT, "fusion with the teacher's feature noise %.2f%s: 2D right above wrong %.2f, 2D-only %.1f, "
          + "fused (ensemble) %.1f, where one is right the ensemble picks it %.0f %%", l.noise(),
          l.noise() == SimulatedFeatures.NOISE ? " (the default, above)" : "", l.separation2d(), 100 * l.seen2d(), 100 * l.seenEnsemble(),
          100 * l.ensemblePicksRight()));
    }
  }
}
