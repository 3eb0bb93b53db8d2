package dev.clip2scene.model.teacher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clip2scene.model.net.TextEmbeddings;
import dev.clip2scene.model.clip.Vocabulary;
import dev.clip2scene.model.fusion.FeatureFusion;
import dev.clip2scene.model.geometry.CameraCalibration;
import dev.clip2scene.model.geometry.CameraModel;
import dev.clip2scene.model.geometry.Quaternion;
import dev.clip2scene.model.geometry.RigidTransform;
import dev.clip2scene.model.loss.PseudoLabels;
import dev.clip2scene.model.sim.LidarConfig;
import dev.clip2scene.model.sim.SimCamera;
import dev.clip2scene.model.sim.SimSettings;
import dev.clip2scene.model.sim.Simulator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SimulatedTeacherTest {
  private static final List<String> VOCAB = Vocabulary.resolve("nuscenes").classes();
  private static final ClassSimilarity SIMILARITY = ClassSimilarity.of(ClassSimilarity.NUSCENES, VOCAB);
  private static final String TOPIC = "/cam_front/image_raw";
  private static final Map<Long, PixelLabels> TRUTH = new HashMap<>();
  private static final List<TeacherKey> KEYS = new ArrayList<>();

  @BeforeAll
  static void renderGroundTruth() {
    CameraCalibration c = CameraCalibration.pinhole(480, 270, 380, 380, 240, 135);
    SimCamera front = new SimCamera("CAM_FRONT", new CameraModel(c),
        RigidTransform.of(1.7, 0, 1.51, new Quaternion(-0.5, 0.5, -0.5, 0.5)));
    LidarConfig lidar = LidarConfig.HDL32.withRaysPerSweep(32);
    Simulator sim = new Simulator(new SimSettings(11, 400, lidar, RigidTransform.IDENTITY, List.of(front), true));
    for (int k = 0; k < 400; k += 25) {
      long stamp = k * 50_000_000L;
      TRUTH.put(stamp, sim.frame(k).images().get(0).truth());
      KEYS.add(key(stamp));
    }
  }

  private static TeacherKey key(long stamp) {
    return new TeacherKey("sim-bag", TOPIC, stamp, "", TeacherKey.Crop.whole(480, 270));
  }

  private static SimulatedTeacher teacher(SimulatedTeacherSettings s, TextEmbeddings text) {
    return new SimulatedTeacher(s, SIMILARITY, k -> TRUTH.get(k.stampNs()), text);
  }

  /** Pixel accuracy and the share of wrong pixels labelled with a class similar to the truth. */
  private static double[] measure(SimulatedTeacher t) {
    long right = 0, wrong = 0, wrongSimilar = 0;
    for (TeacherKey k : KEYS) {
      PixelLabels truth = TRUTH.get(k.stampNs());
      PixelLabels out = t.output(k, () -> null).labels();
      for (int y = 0; y < truth.height(); y++) {
        for (int x = 0; x < truth.width(); x++) {
          int gt = truth.labels()[y * truth.width() + x];
          if (gt == PseudoLabels.IGNORE) continue;
          int p = out.at(x, y, truth.width(), truth.height());
          if (p == gt) right++;
          else {
            wrong++;
            if (p >= 0 && SIMILARITY.similar(gt, p)) wrongSimilar++;
          }
        }
      }
    }
    return new double[] {(double) right / (right + wrong), (double) wrongSimilar / wrong};
  }

  @Test
  void measuredPixelAccuracyMatchesTheConfiguredOne() {
    for (double target : new double[] {0.3, 0.5, 0.7}) {
      double[] m = measure(teacher(SimulatedTeacherSettings.defaults(1).withAccuracy(target), null));
      assertEquals(target, m[0], 0.03, "configured " + target + ", measured " + m[0]);
    }
  }

  @Test
  void mostConfusionsGoToSimilarClasses() {
    double[] m = measure(teacher(SimulatedTeacherSettings.defaults(1), null));
    // uniform confusion would send about 2 in 15 wrong pixels to a similar class
    assertTrue(m[1] > 0.55, "share of wrong pixels in a similar class: " + m[1]);
    SimulatedTeacherSettings uniform = new SimulatedTeacherSettings(0.5, 0.05, 0, 0.3, 3, 16, 1);
    assertTrue(measure(teacher(uniform, null))[1] < 0.35);
  }

  @Test
  void labelsArePatchLevel() {
    PixelLabels out = teacher(SimulatedTeacherSettings.defaults(1), null).output(KEYS.get(0), () -> null).labels();
    assertEquals(30, out.width());
    assertEquals(17, out.height());
  }

  @Test
  void deterministicForASeedAndVariedAcrossImagesAndSeeds() {
    SimulatedTeacher a = teacher(SimulatedTeacherSettings.defaults(1), null);
    SimulatedTeacher b = teacher(SimulatedTeacherSettings.defaults(1), null);
    SimulatedTeacher c = teacher(SimulatedTeacherSettings.defaults(2), null);
    TeacherKey k = KEYS.get(3);
    assertArrayEquals(a.output(k, () -> null).labels().labels(), b.output(k, () -> null).labels().labels());
    assertFalse(java.util.Arrays.equals(a.output(k, () -> null).labels().labels(), c.output(k, () -> null).labels().labels()));
    assertEquals(a.weightsHash(), b.weightsHash());
    assertFalse(a.weightsHash().equals(c.weightsHash()));
  }

  /** Blob errors come in spatially coherent pieces: a wrong patch's neighbours are mostly wrong too. */
  @Test
  void errorsFormBlobs() {
    SimulatedTeacher t = teacher(new SimulatedTeacherSettings(0.5, 0, 0.8, 0, 3, 16, 1), null);
    SimulatedTeacher perfect = teacher(new SimulatedTeacherSettings(1, 0, 0.8, 0, 3, 16, 1), null);
    long wrongPairs = 0, wrongCells = 0;
    for (TeacherKey k : KEYS) {
      int[] out = t.output(k, () -> null).labels().labels(), base = perfect.output(k, () -> null).labels().labels();
      for (int cell = 1; cell < out.length; cell++) {
        if (out[cell] == base[cell] || cell % 30 == 0) continue;
        wrongCells++;
        if (out[cell - 1] != base[cell - 1]) wrongPairs++;
      }
    }
    assertTrue(wrongPairs > 0.6 * wrongCells, wrongPairs + " of " + wrongCells + " wrong patches have a wrong left neighbour");
  }

  private static TextEmbeddings randomText(int dim, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] rows = new float[VOCAB.size() * dim];
    for (int i = 0; i < rows.length; i++) rows[i] = (float) r.nextGaussian();
    return new TextEmbeddings(VOCAB, dim, rows);
  }

  /**
   * Best cosine similarity of every labelled patch's feature, split by whether the patch's label is its majority
   * class (RIGHT) or not (WRONG); checks on the way that the features give the labels back.
   */
  private static void confidences(SimulatedTeacher t, TextEmbeddings text, List<Double> right, List<Double> wrong) {
    FeatureFusion cosine = new FeatureFusion(text);
    SimulatedTeacher majority = teacher(new SimulatedTeacherSettings(1, 0, 0.8, 0, 3, 16, 1), null);
    for (TeacherKey k : KEYS) {
      TeacherOutput out = t.output(k, () -> null);
      int[] labels = out.labels().labels(), base = majority.output(k, () -> null).labels().labels();
      assertArrayEquals(labels, t.labels(out.features()).labels(), "the features' argmax is the label");
      for (int cell = 0; cell < labels.length; cell++) {
        int c = cosine.classify(out.features().values(), cell * text.dim());
        assertEquals(labels[cell] < 0 ? -1 : labels[cell], c);
        if (c >= 0) (labels[cell] == base[cell] ? right : wrong).add(cosine.cosine());
      }
    }
  }

  private static double median(List<Double> v) {
    return v.stream().mapToDouble(Double::doubleValue).sorted().toArray()[v.size() / 2];
  }

  @Test
  void featuresGiveTheLabelsBackOnClipsScaleAndAreLessSureWhereTheLabelIsWrong() {
    TextEmbeddings text = randomText(32, 5); // room for a direction orthogonal to the 16 class embeddings
    SimulatedTeacher t = teacher(SimulatedTeacherSettings.defaults(1), text);
    assertTrue(t.producesFeatures());
    assertTrue(new SimulatedFeatures(text).hasGap());
    List<Double> right = new ArrayList<>(), wrong = new ArrayList<>();
    confidences(t, text, right, wrong);
    double max = java.util.stream.Stream.concat(right.stream(), wrong.stream()).mapToDouble(Double::doubleValue).max().orElseThrow();
    assertTrue(max <= SimulatedFeatures.COSINE + 1e-6, "cosine similarities on CLIP's scale, at most 0.3: " + max);
    // what seed 1 gives: wrong patches lie between classes, so they are less sure, but not always
    assertEquals(3519, right.size());
    assertEquals(3336, wrong.size());
    assertEquals(0.2689, median(right), 1e-4);
    assertEquals(0.2305, median(wrong), 1e-4);
    assertEquals(0.924, rightAboveWrong(right, wrong), 1e-3);
  }

  /** The chance that a right patch is more sure than a wrong one (ties count half): the area under the ROC curve. */
  private static double rightAboveWrong(List<Double> right, List<Double> wrong) {
    double[] w = wrong.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double sum = 0;
    for (double r : right) {
      int below = 0, upTo = 0;
      while (below < w.length && w[below] < r) below++;
      upTo = below;
      while (upTo < w.length && w[upTo] == r) upTo++;
      sum += below + 0.5 * (upTo - below);
    }
    return sum / ((double) right.size() * w.length);
  }

  @Test
  void withoutRoomForAModalityGapFeaturesStillGiveTheLabelsBack() {
    TextEmbeddings text = randomText(8, 5); // 16 classes span all 8 dimensions
    assertFalse(new SimulatedFeatures(text).hasGap());
    List<Double> right = new ArrayList<>(), wrong = new ArrayList<>();
    confidences(teacher(SimulatedTeacherSettings.defaults(1), text), text, right, wrong);
    assertEquals(0.9067, median(right), 1e-4, "no gap: cosines are not on CLIP's scale");
    assertEquals(0.8253, median(wrong), 1e-4);
  }

  @Test
  void missingOrForeignGroundTruthIsRefusedByName() {
    SimulatedTeacher t = teacher(SimulatedTeacherSettings.defaults(1), null);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.output(key(123), () -> null));
    assertTrue(e.getMessage().contains("/cam_front/image_raw"), e.getMessage());
    PixelLabels bad = new PixelLabels(2, 1, new int[] {0, 99});
    assertThrows(IllegalArgumentException.class, () -> t.corrupt(bad, 1));
  }
}
