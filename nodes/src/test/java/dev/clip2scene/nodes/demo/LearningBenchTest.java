package dev.clip2scene.nodes.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The learning benchmark at a tiny size: it runs every training and returns figures in range (no quality claim). */
class LearningBenchTest {
  @TempDir Path dir;

  @Test
  void returnsEveryFigureInRange() throws Exception {
    SimStudy.World tiny = new SimStudy.World(1, 320, 2176, new int[] {8, 8, 8, 8, 16, 16, 8, 8, 8}, 16, 0.5);
    LearningBench.Result r = new LearningBench(new LearningBench.Settings(3, 2, 1, 2, 5, tiny), dir,
        new PrintStream(java.io.OutputStream.nullOutputStream()), false).run();
    assertInRange(r.teacherMiou());
    assertInRange(r.teacherPointAccuracy());
    assertInRange(r.teacherPixelAccuracy());
    assertEquals(LearningBench.RUNS, r.models().keySet().stream().toList());
    for (LearningBench.Score s : r.models().values()) {
      assertInRange(s.miou());
      assertInRange(s.miouTeacherPoints());
    }
    assertTrue(r.teacherPoints() > 0 && r.teacherPoints() < r.heldOutPoints(), "the camera sees part of the sweep");
  }

  private static void assertInRange(double v) {
    assertTrue(v >= 0 && v <= 1, "in [0, 1]: " + v);
  }
}
