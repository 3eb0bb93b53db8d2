package dev.clip2scene.model.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PretrainConfigTest {
  @TempDir Path tmp;

  @Test
  void defaultsFollowTheReference() {
    PretrainConfig c = new PretrainConfig();
    PretrainObjective.Settings s = Parts.objective(c.loss);
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
    PretrainObjective.Settings s = Parts.objective(c.loss);
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
    String message = assertThrows(IllegalArgumentException.class, () -> Parts.objective(l)).getMessage();
    assertEquals("loss.semantic must be one of cross_entropy, contrastive, not contrastiv", message, "the key and every choice named");
    PretrainConfig c = new PretrainConfig();
    c.optim.optimizer = "adam";
    assertEquals("optim.optimizer must be one of sgd, adamw, not adam",
        assertThrows(IllegalArgumentException.class, () -> Parts.check(c)).getMessage());
    c.optim.optimizer = "sgd";
    c.network.preset = "pointnet";
    assertEquals("network.preset must be one of spvcnn, minkunet14a, minkunet18, minkunet34, not pointnet",
        assertThrows(IllegalArgumentException.class, () -> Parts.check(c)).getMessage());
  }
}
