package dev.clip2scene.nodes.pretrain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.clip2scene.model.net.ModelFolder;
import dev.clip2scene.model.net.SparseNetwork;
import dev.clip2scene.model.train.Checkpoints;
import dev.clip2scene.nodes.cli.Clip2SceneCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pretraining JVM killed with SIGKILL after its first checkpoint, then resumed: the checkpoint loads, training
 * continues from the step after it, every step is logged exactly once, the final checkpoint holds the full count
 * and no partial checkpoint is left.
 */
class KillResumeTest {
  private static final int EPOCHS = 5;
  @TempDir Path tmp;

  @Test
  void killedRunResumesFromItsLastCheckpoint() throws Exception {
    Path bag = TinyRun.kittiBag(tmp);
    Path config = TinyRun.config(tmp, "");
    // the reference losses: the contrastive term grows unnormalised features without bound at this learning rate
    String yaml = Files.readString(config).replace("epochs: 2", "epochs: " + EPOCHS).replace("batch_size: 2", "batch_size: 1")
        .replace("semantic: contrastive", "semantic: cross_entropy").replace("spatial: paper", "spatial: reference")
        .replace("s3t: point", "s3t: batch");
    Files.writeString(config, yaml);
    Path killed = tmp.resolve("killed");

    Process child = childPretrain(bag, config, killed);
    Path ckpt = killed.resolve("checkpoint").resolve(ModelFolder.CONFIG);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
    while (!Files.exists(ckpt) && child.isAlive() && System.nanoTime() < deadline) Thread.sleep(20);
    assertTrue(child.isAlive(), "the child finished or failed before it could be killed: " + tail(tmp.resolve("child.log")));
    child.destroyForcibly(); // SIGKILL
    assertTrue(child.waitFor(30, TimeUnit.SECONDS));
    assertEquals(137, child.exitValue(), "killed by SIGKILL; child said: " + Files.readString(tmp.resolve("child.log")));

    ModelFolder.recover(killed.resolve("checkpoint"), s -> {});
    int epochsDone;
    try (NDManager m = NDManager.newBaseManager()) {
      SparseNetwork net = ModelFolder.load(killed.resolve("checkpoint"), m, DataType.FLOAT32);
      Checkpoints.State state = Checkpoints.readState(killed.resolve("checkpoint"), net, 0);
      epochsDone = state.epochsDone();
      assertTrue(epochsDone >= 1 && epochsDone < EPOCHS, "killed mid-run after a checkpoint, at epoch " + epochsDone);
      assertEquals(3L * epochsDone, state.step(), "3 samples per epoch at batch 1");
    }

    TinyRun.run("pretrain", "--bag", bag.toString(), "--out", killed.toString(), "--resume", "--no-progress");
    String log = Files.readString(killed.resolve("train.log"));
    assertTrue(log.contains("resumed from") && log.contains("after epoch " + epochsDone + " (step " + 3 * epochsDone + ")"), log);
    List<String> steps = Files.readAllLines(killed.resolve("steps.csv"));
    List<String> stepNumbers = new ArrayList<>();
    for (String line : steps.subList(1, steps.size())) stepNumbers.add(line.split(",")[0]);
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 3 * EPOCHS; i++) expected.add(Integer.toString(i));
    assertEquals(expected, stepNumbers, "each step logged exactly once across the kill");

    try (NDManager m = NDManager.newBaseManager()) {
      SparseNetwork net = ModelFolder.load(killed.resolve("checkpoint"), m, DataType.FLOAT32);
      Checkpoints.State state = Checkpoints.readState(killed.resolve("checkpoint"), net, 0);
      assertEquals(EPOCHS, state.epochsDone());
      assertEquals(3L * EPOCHS, state.step());
      long skipped = Files.readAllLines(killed.resolve("train.log")).stream().filter(l -> l.contains("update skipped")).count();
      assertEquals(3L * EPOCHS - skipped, state.optimizer().steps(), "the optimizer's own step count continued too (less skipped updates)");
    }
    try (var left = Files.list(tmp)) {
      assertTrue(left.noneMatch(p -> p.getFileName().toString().startsWith(".killed") || p.getFileName().toString().startsWith(".checkpoint")));
    }
    try (var left = Files.list(killed)) {
      assertTrue(left.noneMatch(p -> p.getFileName().toString().startsWith(".checkpoint")), "no partial checkpoint left behind");
    }
  }

  private static String tail(Path log) throws java.io.IOException {
    String s = Files.readString(log);
    return s.substring(Math.max(0, s.length() - 3000));
  }

  private static Process childPretrain(Path bag, Path config, Path out) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = List.of(java, "-cp", System.getProperty("java.class.path"), "-Dai.djl.pytorch.num_threads=1",
        "-Dai.djl.pytorch.num_interop_threads=1", Clip2SceneCommand.class.getName(), "pretrain", "--bag", bag.toString(),
        "--config", config.toString(), "--out", out.toString(), "--seed", "5", "--no-progress");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.resolveSibling("child.log").toFile());
    pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
    pb.environment().put("DJL_OFFLINE", "true");
    return pb.start();
  }
}
