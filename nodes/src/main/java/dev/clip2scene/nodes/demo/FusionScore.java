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
import dev.clip2scene.model.teacher.PixelFeatures;
import dev.clip2scene.model.teacher.PixelLabels;
import dev.clip2scene.model.teacher.PrecomputedTeacher;
import dev.clip2scene.model.teacher.TeacherKey;
import dev.clip2scene.model.train.CameraFrame;
import dev.clip2scene.model.train.Sample;
import dev.clip2scene.model.voxel.CropBox;
import dev.clip2scene.model.voxel.PointCloud;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * 2D-3D fusion where the ground truth is known: on held-out simulated sweeps, the student's per-point features (3D)
 * are combined with a 2D source the way the perception node fuses ({@link FeatureFusion}), and each is scored. The 2D
 * source is the simulated teacher's patch labels, each patch standing for its class's text embedding (bilinearly
 * sampled at the point's pixel, so patches on a class border give mixed, less confident features): it is NOT CLIP,
 * and its confidence carries no more than where its patch borders lie.
 */
public final class FusionScore {
  /**
   * mIoU of each source. "Seen": the points a camera sees (depth over the minimum, inside an image) where the 2D source
   * has a class; there the image mode equals 2D-only. "All": every held-out point the network labels, 2D-only undefined.
   *
   * @param imageShare the share of the seen points whose ensemble label came from the image
   * @param medianCos3d the median over the seen points of the student feature's best cosine similarity
   * @param medianCos2d the same of the 2D source's feature
   */
  public record Result(double seen3d, double seen2d, double seenEnsemble, double all3d, double allEnsemble, double allImage,
      long seenPoints, long allPoints, double imageShare, double medianCos3d, double medianCos2d) {}

  private FusionScore() {}

  /**
   * Scores SAMPLES (keyframe points with ground truth, their cameras) with the student in STUDENT (a model folder), the
   * teacher's PNG labels in TEACHER_DIR and TEXT as the classifier.
   */
  static Result run(List<Sample> samples, Path student, Path teacherDir, TextEmbeddings text, CropBox crop, double minDepth) {
    int classes = text.classes();
    int dim = text.dim();
    float[] unitText = text.normalized();
    FeatureFusion fusion = new FeatureFusion(text);
    PrecomputedTeacher teacher = new PrecomputedTeacher(teacherDir, null, classes);
    PointPairing pairing = new PointPairing(minDepth, Double.NaN, 1);
    PointPixelPairs pairs = new PointPixelPairs();
    ConfusionMatrix seen3d = new ConfusionMatrix(classes, PseudoLabels.IGNORE);
    ConfusionMatrix seen2d = new ConfusionMatrix(classes, PseudoLabels.IGNORE);
    ConfusionMatrix seenEnsemble = new ConfusionMatrix(classes, PseudoLabels.IGNORE);
    ConfusionMatrix all3d = new ConfusionMatrix(classes, PseudoLabels.IGNORE);
    ConfusionMatrix allEnsemble = new ConfusionMatrix(classes, PseudoLabels.IGNORE);
    ConfusionMatrix allImage = new ConfusionMatrix(classes, PseudoLabels.IGNORE);
    long seenPoints = 0, allPoints = 0, fromImage = 0;
    List<Double> cos3d = new java.util.ArrayList<>(), cos2d = new java.util.ArrayList<>();
    float[] sample = new float[dim];
    try (Segmenter seg = Segmenter.load(student, crop)) {
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
          features[c] = PixelFeatures.ofClasses(labels, unitText, dim);
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
        int[] truthAll = new int[n], truthSeen = new int[n];
        int[] p3 = new int[n], p2 = new int[n], pe = new int[n], pi = new int[n];
        for (int i = 0; i < n; i++) {
          int truth = s.labels()[i];
          boolean labelled = own[i] >= 0 && truth != PseudoLabels.IGNORE; // outside the crop box: not scored
          truthAll[i] = labelled ? truth : PseudoLabels.IGNORE;
          boolean seen = labelled && imageClass[i] >= 0;
          truthSeen[i] = seen ? truth : PseudoLabels.IGNORE;
          p3[i] = Math.max(0, own[i]);
          p2[i] = Math.max(0, imageClass[i]);
          pi[i] = seen ? imageClass[i] : p3[i];
          pe[i] = p3[i];
          if (seen) {
            fusion.classify(f3.values(), i * dim);
            cos3d.add(fusion.cosine());
            cos2d.add(imageCos[i]);
            if (FeatureFusion.imageWins(FusionMode.ENSEMBLE, imageCos[i], fusion.cosine())) {
              pe[i] = imageClass[i];
              fromImage++;
            }
            seenPoints++;
          }
          if (labelled) allPoints++;
        }
        seen3d.add(truthSeen, p3);
        seen2d.add(truthSeen, p2);
        seenEnsemble.add(truthSeen, pe);
        all3d.add(truthAll, p3);
        allEnsemble.add(truthAll, pe);
        allImage.add(truthAll, pi);
      }
    }
    return new Result(seen3d.meanIou(), seen2d.meanIou(), seenEnsemble.meanIou(), all3d.meanIou(), allEnsemble.meanIou(),
        allImage.meanIou(), seenPoints, allPoints, seenPoints == 0 ? Double.NaN : (double) fromImage / seenPoints, median(cos3d),
        median(cos2d));
  }

  private static double median(List<Double> v) {
    if (v.isEmpty()) return Double.NaN;
    double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return a[a.length / 2];
  }

  /** Calls SINK with each line of a human summary of R. */
  public static void describe(Result r, Consumer<String> sink) {
    sink.accept(String.format(Locale.ROOT, "fusion (2D source: the simulated teacher, NOT CLIP), mIoU on the %d points a camera sees: "
        + "3D-only %.1f, 2D-only %.1f, fused (ensemble) %.1f (%.0f %% of them take the image's class; median best cosine "
        + "similarity: 3D %.2f, 2D %.2f)", r.seenPoints(), 100 * r.seen3d(), 100 * r.seen2d(), 100 * r.seenEnsemble(),
        100 * r.imageShare(), r.medianCos3d(), r.medianCos2d()));
    sink.accept(String.format(Locale.ROOT, "fusion, mIoU on all %d points: 3D-only %.1f, fused ensemble %.1f, fused image %.1f",
        r.allPoints(), 100 * r.all3d(), 100 * r.allEnsemble(), 100 * r.allImage()));
  }
}
