package dev.clip2scene.nodes.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.clip2scene.model.infer.device.DeviceChoice;
import dev.clip2scene.model.geometry.CameraView;
import dev.clip2scene.model.geometry.PointPairing;
import dev.clip2scene.model.geometry.PointPixelPairs;
import dev.clip2scene.model.loss.PseudoLabels;
import dev.clip2scene.model.metrics.ConfusionMatrix;
import dev.clip2scene.model.net.ModelFolder;
import dev.clip2scene.model.net.SparseNetwork;
import dev.clip2scene.model.net.TextEmbeddings;
import dev.clip2scene.model.sparse.Weights;
import dev.clip2scene.model.teacher.PixelLabels;
import dev.clip2scene.model.teacher.PrecomputedTeacher;
import dev.clip2scene.model.teacher.SimulatedFeatures;
import dev.clip2scene.model.teacher.TeacherKey;
import dev.clip2scene.model.train.CameraFrame;
import dev.clip2scene.model.train.Parts;
import dev.clip2scene.model.train.PretrainConfig;
import dev.clip2scene.model.train.Sample;
import dev.clip2scene.model.voxel.CropBox;
import dev.clip2scene.nodes.pretrain.SampleLoader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fusion score on two simulated sweeps seen by the front camera, with an untrained student (seeded weights: the
 * figures are a function of the seeds, whatever the thread count) and the simulated teacher as the 2D source.
 */
class FusionScoreTest {
  private static final long SEED = 7;
  /** Wide enough that the network labels every point, so that the points both sources label are those a camera sees. */
  private static final CropBox EVERYWHERE = new CropBox(-500, -500, -50, 500, 500, 50);

  @TempDir static Path dir;
  private static SimStudy study;
  private static Path held;
  private static TextEmbeddings text;
  private static List<Sample> samples;
  private static PretrainConfig config;
  private static FusionScore.Result result;

  @BeforeAll
  static void score() throws Exception {
    study = new SimStudy(new SimStudy.World(1, 320, 2176, new int[] {8, 8, 8, 8, 16, 16, 8, 8, 8}, 16, 0.5), dir);
    held = study.bag("held-out", SEED, 2, i -> { });
    study.teacher(held, SEED);
    text = study.text(SEED);
    config = study.pretrainConfig(held, 1, 1, 1);
    samples = SampleLoader.loadAll(List.of(held), config.data, line -> { });
    Path student = dir.resolve("student");
    try (NDManager m = NDManager.newBaseManager()) {
      ModelFolder.write(student, SparseNetwork.create(Parts.network(config.network, text.dim()), new Weights(m, DataType.FLOAT32, 3)), text);
    }
    result = FusionScore.run(samples, held, student, study.teacherDir(held), text, SEED, EVERYWHERE, config.data.minRangeM,
        DeviceChoice.CPU);
  }

  @Test
  void theTwoDSourceIsTheTeachersPatchLabelsAtThePoints() throws Exception {
    // computed here without the score: the exported label of the patch under each point the camera sees
    PrecomputedTeacher teacher = new PrecomputedTeacher(study.teacherDir(held), null, text.classes());
    ConfusionMatrix labels = new ConfusionMatrix(text.classes(), PseudoLabels.IGNORE);
    PointPairing pairing = new PointPairing(config.data.minRangeM, Double.NaN, 1);
    PointPixelPairs pairs = new PointPixelPairs();
    long seen = 0;
    for (Sample s : samples) {
      CameraFrame cam = s.cameras().get(0);
      PixelLabels l = teacher.output(new TeacherKey(s.source(), cam.topic(), cam.stampNs(), teacher.weightsHash(),
          TeacherKey.Crop.whole(cam.camera().width(), cam.camera().height())), cam.image()).labels();
      pairing.pair(s.points(), Sample.STRIDE, s.keyframePoints(), List.of(new CameraView(cam.camera(), cam.cloudToCamera())), pairs);
      int[] truth = new int[s.keyframePoints()], predicted = new int[s.keyframePoints()];
      Arrays.fill(truth, PseudoLabels.IGNORE);
      for (int j = 0; j < pairs.size(); j++) {
        int label = l.at(pairs.u(j), pairs.v(j), cam.camera().width(), cam.camera().height());
        if (label < 0) continue;
        truth[pairs.point(j)] = s.labels()[pairs.point(j)];
        predicted[pairs.point(j)] = label;
        if (truth[pairs.point(j)] != PseudoLabels.IGNORE) seen++;
      }
      labels.add(truth, predicted);
    }
    assertEquals(seen, result.seenPoints());
    assertEquals(labels.meanIou(), result.seen2d(), 1e-12);
  }

  @Test
  void figuresOfTheSeeds() {
    assertEquals(462, result.seenPoints());
    assertEquals(3920, result.allPoints());
    // the untrained student gets no seen point right; the teacher about half its patches
    assertEquals(0, result.seen3d());
    assertEquals(0.114884, result.seen2d(), 1e-6);
    assertEquals(225.0 / 462, result.imageShare(), 1e-12, "the ensemble takes about half the points from each source");
    assertEquals(0.084564, result.seenEnsemble(), 1e-6);
    assertEquals(0.108583, result.seenRawCosine(), 1e-6);
    assertEquals(0.978355, result.rawImageShare(), 1e-6, "raw cosines: the teacher's 0.8 beats the student's 0.5 almost everywhere");
    assertEquals(0.189322, result.seenOracle(), 1e-6);
    assertEquals(0.875397, result.separation2d(), 1e-6);
    assertEquals(0.685714, result.disagreement().ensemblePicksRight(), 1e-6);
    // the teacher's confidence tells its right patches from its wrong ones less well as its noise grows
    assertEquals(List.of(0.939437, 0.875397, 0.678439, 0.555574),
        result.sensitivity().stream().map(l -> Math.round(l.separation2d() * 1e6) / 1e6).toList());
  }

  @Test
  void theSensitivityRunsEachNoiseLevelAndTheDefaultIsTheMainResult() {
    assertEquals(Arrays.stream(FusionScore.NOISE_LEVELS).boxed().toList(), result.sensitivity().stream().map(FusionScore.NoiseLevel::noise).toList());
    FusionScore.NoiseLevel standard = result.sensitivity().stream().filter(l -> l.noise() == SimulatedFeatures.NOISE).findFirst().orElseThrow();
    assertEquals(result.seenEnsemble(), standard.seenEnsemble());
    assertEquals(result.separation2d(), standard.separation2d());
    assertTrue(result.seenOracle() >= Math.max(result.seen3d(), result.seen2d()), "either source where one is right beats each");
  }
}
