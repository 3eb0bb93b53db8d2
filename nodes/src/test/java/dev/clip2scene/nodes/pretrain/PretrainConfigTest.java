package dev.clip2scene.nodes.pretrain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clip2scene.model.train.PretrainObjective;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PretrainConfigTest {
  @TempDir Path tmp;

  @Test
  void defaultsFollowTheReference() {
    PretrainConfig c = new PretrainConfig();
    PretrainObjective.Settings s = TrainingRun.objective(c.loss);
    assertEquals(PretrainObjective.Semantic.CROSS_ENTROPY, s.semantic());
    assertEquals(PretrainObjective.Spatial.REFERENCE, s.spatial());
    assertEquals(10, s.selfTraining().startEpoch());
    assertEquals(0.1, c.optim.lr);
    assertEquals(0.1, c.optim.dampening);
    assertEquals(4, c.train.batchSize);
    assertEquals(20, c.train.epochs);
    assertEquals(3, c.data.sweeps);
  }

  @Test
  void bareOffReadsAsOffAndFilesMergeOverDefaults() throws Exception {
    Path f = tmp.resolve("c.yaml");
    Files.writeString(f, "loss:\n  spatial: off\n  s3t: off\ntrain:\n  epochs: 3\n");
    PretrainConfig base = new PretrainConfig();
    base.optim.lr = 0.02;
    PretrainConfig c = PretrainConfig.over(base, f);
    PretrainObjective.Settings s = TrainingRun.objective(c.loss);
    assertEquals(PretrainObjective.Spatial.OFF, s.spatial());
    assertNull(s.selfTraining());
    assertEquals(3, c.train.epochs);
    assertEquals(0.02, c.optim.lr, "keys the file does not name keep the base's values");
    assertEquals(PretrainConfig.parse(c.toYaml()).toYaml(), c.toYaml(), "config.yaml round-trips");
  }

  @Test
  void unknownKeysAndBadValuesAreNamed() throws Exception {
    Path f = tmp.resolve("c.yaml");
    Files.writeString(f, "train:\n  epochz: 3\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PretrainConfig.read(f));
    assertTrue(e.getMessage().contains("epochz"), e.getMessage());
    PretrainConfig.Loss l = new PretrainConfig.Loss();
    l.semantic = "contrastiv";
    assertTrue(assertThrows(IllegalArgumentException.class, () -> TrainingRun.objective(l)).getMessage().contains("contrastiv"));
  }
}
