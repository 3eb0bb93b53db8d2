package dev.clip2scene.nodes.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The learning benchmark at a tiny size: every training runs and every figure is the one the fixed seed gives. The
 * simulator, the teacher and the scoring are plain Java (exact); training runs on libtorch with one thread (see
 * nodes/pom.xml), whose kernels may round differently on another CPU generation: hence a small tolerance there.
 */
class LearningBenchTest {
  /** Training figures may move by this much between CPUs (a different rounding early in training compounds). */
  static final double TRAINED = 2e-3;
  @TempDir Path dir;

  @Test
  void givesTheFiguresOfItsSeed() throws Exception {
    SimStudy.World tiny = new SimStudy.World(1, 320, 2176, new int[] {8, 8, 8, 8, 16, 16, 8, 8, 8}, 16, 0.5);
    LearningBench.Result r = new LearningBench(new LearningBench.Settings(3, 2, 1, 2, 5, tiny), dir,
        new PrintStream(java.io.OutputStream.nullOutputStream()), false).run();
    assertEquals(4058, r.heldOutPoints());
    assertEquals(477, r.teacherPoints(), "the front camera sees part of each sweep");
    assertEquals(0.10917525368888484, r.teacherMiou(), 1e-12);
    assertEquals(0.46750524109014674, r.teacherPointAccuracy(), 1e-12);
    assertEquals(0.4885975343579245, r.teacherPixelAccuracy(), 1e-12);
    assertEquals(LearningBench.RUNS, r.models().keySet().stream().toList());
    // all held-out points, the teacher's points
    Map<String, double[]> expected = Map.of(
        "student", new double[] {0.06639567811877096, 0.07437172688646619},
        "no_spatial_temporal", new double[] {0.07589839853516549, 0.09155518394648829},
        "one_sweep", new double[] {0.04965048750951055, 0.05974909884272434},
        "no_s3t", new double[] {0.06639567811877096, 0.07437172688646619}, // S3T would start after this one epoch
        "supervised", new double[] {0.08054886964935695, 0.07506793478260869});
    for (var e : expected.entrySet()) {
      LearningBench.Score s = r.models().get(e.getKey());
      assertEquals(e.getValue()[0], s.miou(), TRAINED, e.getKey() + " on all points");
      assertEquals(e.getValue()[1], s.miouTeacherPoints(), TRAINED, e.getKey() + " on the teacher's points");
    }
    // the student fused with the teacher (FusionScoreTest holds the score's parts)
    assertEquals(404, r.fusion().seenPoints());
    assertEquals(0.07437172688646619, r.fusion().seen3d(), TRAINED);
    assertEquals(0.10589855264384052, r.fusion().seen2d(), 1e-12);
    assertEquals(0.12383835869898588, r.fusion().seenEnsemble(), TRAINED);
  }
}
