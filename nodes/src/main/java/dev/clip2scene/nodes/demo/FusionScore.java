package dev.clip2scene.nodes.demo;

import dev.clip2scene.model.fusion.FeatureFusion;
import dev.clip2scene.model.fusion.FusionMode;
import dev.clip2scene.model.geometry.CameraView;
import dev.clip2scene.model.geometry.PointPairing;
import dev.clip2scene.model.geometry.PointPixelPairs;
import dev.clip2scene.model.loss.PseudoLabels;
import dev.clip2scene.model.metrics.ConfusionMatrix;
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
 * on CLIP's cosine scale), sampled bilinearly at each point's pixel. It is NOT CLIP; how sure it is where it is wrong
 * is a model, not a measurement of MaskCLIP.
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
   * @param disagreement where the two sources' classes differ
   */
  public record Result(double seen3d, double seen2d, double seenEnsemble, double seenRawCosine, double seenOracle, double all3d,
      double allEnsemble, double allImage, long seenPoints, long allPoints, double imageShare, double rawImageShare,
      double medianCos3d, double medianCos2d, Disagreement disagreement) {}

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

  private FusionScore() {}

  /**
   * Scores SAMPLES (keyframe points with ground truth, their cameras, read from BAG) with the student in STUDENT (a model
   * folder), the teacher's PNG labels in TEACHER_DIR with features from BAG's ground-truth label images (noise seeded
   * by SEED), and TEXT as the classifier.
   */
  static Result run(List<Sample> samples, Path bag, Path student, Path teacherDir, TextEmbeddings text, long seed, CropBox crop,
      double minDepth) throws IOException {
    int classes = text.classes();
    int dim = text.dim();
    FeatureFusion fusion = new FeatureFusion(text);
    SimulatedFeatures simulated = new SimulatedFeatures(text);
    PrecomputedTeacher teacher = new PrecomputedTeacher(teacherDir, null, classes);
    PointPairing pairing = new PointPairing(minDepth, Double.NaN, 1);
    PointPixelPairs pairs = new PointPixelPairs();
    ConfusionMatrix seen3d = matrix(classes), seen2d = matrix(classes), seenEnsemble = matrix(classes), seenRaw = matrix(classes);
    ConfusionMatrix seenOracle = matrix(classes), all3d = matrix(classes), allEnsemble = matrix(classes), allImage = matrix(classes);
    long seenPoints = 0, allPoints = 0, fromImage = 0, rawFromImage = 0;
    long disagree = 0, right3d = 0, right2d = 0, oneRight = 0, ensembleRight = 0, rawRight = 0;
    List<Double> cos3d = new ArrayList<>(), cos2d = new ArrayList<>();
    float[] sample = new float[dim];
    try (Segmenter seg = Segmenter.load(student, crop); BagReader reader = BagReader.open(bag)) {
      BagGroundTruth truthImages = new BagGroundTruth(reader, classes);
      for (Sample s : samples) {
        int n = s.keyframePoints();
        PointCloud cloud = new PointCloud(Arrays.copyOf(s.points(), n * Sample.STRIDE), Sample.STRIDE);
        int[] own = seg.segment(cloud, text).labels();
        PointFeatures f3 = seg.features(cloud);
        // the 2D source: per point the most confident camera's class and cosine similarity
        int[] imageClass = new int[n];
        double[] imageCos = new double[n];
        Arrays.fill(imageClass, -1);
        List<CameraFrame> cams = s.cameras();
        PixelFeatures[] features = new PixelFeatures[cams.size()];
        for (int c = 0; c < cams.size(); c++) {
          CameraFrame cam = cams.get(c);
          TeacherKey key = new TeacherKey(s.source(), cam.topic(), cam.stampNs(), teacher.weightsHash(),
              TeacherKey.Crop.whole(cam.camera().width(), cam.camera().height()));
          PixelLabels labels = teacher.output(key, cam.image()).labels();
          PixelLabels truth = truthImages.apply(key);
          if (truth == null) throw new IllegalArgumentException(bag + ": no ground-truth labels for " + cam.topic() + " at " + cam.stampNs() + " ns");
          features[c] = simulated.of(truth, labels, Noise.hash(seed, cam.topic().hashCode(), cam.stampNs()));
        }
        pairing.pair(s.points(), Sample.STRIDE, n, cams.stream().map(cam -> new CameraView(cam.camera(), cam.cloudToCamera())).toList(), pairs);
        for (int j = 0; j < pairs.size(); j++) {
          CameraFrame cam = cams.get(pairs.camera(j));
          features[pairs.camera(j)].sample(pairs.u(j), pairs.v(j), cam.camera().width(), cam.camera().height(), sample, 0);
          int k = fusion.classify(sample, 0);
          int p = pairs.point(j);
          if (k >= 0 && (imageClass[p] < 0 || fusion.cosine() > imageCos[p])) {
            imageClass[p] = k;
            imageCos[p] = fusion.cosine();
          }
        }
        // the points both sources label, decided together as the node decides a cloud
        int[] pool = IntStream.range(0, n).filter(i -> own[i] >= 0 && imageClass[i] >= 0).toArray();
        double[] poolImage = new double[pool.length], poolPoint = new double[pool.length];
        for (int j = 0; j < pool.length; j++) {
          fusion.classify(f3.values(), pool[j] * dim);
          poolPoint[j] = fusion.cosine();
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
    }
    Disagreement d = new Disagreement(share(disagree, seenPoints), share(right3d, disagree), share(right2d, disagree),
        share(ensembleRight, oneRight), share(rawRight, oneRight));
    return new Result(seen3d.meanIou(), seen2d.meanIou(), seenEnsemble.meanIou(), seenRaw.meanIou(), seenOracle.meanIou(),
        all3d.meanIou(), allEnsemble.meanIou(), allImage.meanIou(), seenPoints, allPoints, share(fromImage, seenPoints),
        share(rawFromImage, seenPoints), median(cos3d), median(cos2d), d);
  }

  private static ConfusionMatrix matrix(int classes) {
    return new ConfusionMatrix(classes, PseudoLabels.IGNORE);
  }

  private static double share(long part, long whole) {
    return whole == 0 ? Double.NaN : (double) part / whole;
  }

  private static double median(List<Double> v) {
    if (v.isEmpty()) return Double.NaN;
    double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return a[a.length / 2];
  }

  /** Calls SINK with each line of a human summary of R. */
  public static void describe(Result r, Consumer<String> sink) {
    sink.accept(String.format(Locale.ROOT, "fusion (2D source: the simulated teacher, NOT CLIP), mIoU on the %d points a camera sees: "
        + "3D-only %.1f, 2D-only %.1f, fused (ensemble) %.1f (%.0f %% of them take the image's class); raw cosine comparison "
        + "%.1f (%.0f %% image); either source where one is right %.1f", r.seenPoints(), 100 * r.seen3d(), 100 * r.seen2d(),
        100 * r.seenEnsemble(), 100 * r.imageShare(), 100 * r.seenRawCosine(), 100 * r.rawImageShare(), 100 * r.seenOracle()));
    Disagreement d = r.disagreement();
    sink.accept(String.format(Locale.ROOT, "fusion: the sources differ on %.0f %% of those points (3D right on %.0f %% of them, 2D on "
        + "%.0f %%); where one is right the ensemble picks it %.0f %% of the time, the raw comparison %.0f %%; median best cosine "
        + "similarity: 3D %.2f, 2D %.2f", 100 * d.share(), 100 * d.right3d(), 100 * d.right2d(), 100 * d.ensemblePicksRight(),
        100 * d.rawPicksRight(), r.medianCos3d(), r.medianCos2d()));
    sink.accept(String.format(Locale.ROOT, "fusion, mIoU on all %d points: 3D-only %.1f, fused ensemble %.1f, fused image %.1f",
        r.allPoints(), 100 * r.all3d(), 100 * r.allEnsemble(), 100 * r.allImage()));
  }
}
