package dev.clip2scene.nodes.pretrain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two pretraining runs with one seed in one JVM (so the same engine threads), the reference losses with the
 * spatial-temporal term on and S3T from the second epoch: identical losses at every step and bitwise identical
 * checkpoints (weights and optimizer state), although the garbage collector runs constantly during the second and
 * the second reads its samples with another number of loader threads and another read-ahead.
 */
class PretrainDeterminismTest {
  @TempDir Path tmp;

  @Test
  void sameSeedSameLossesAndWeights() throws Exception {
    Path bag = TinyRun.kittiBag(tmp);
    Path config = TinyRun.config(tmp, "");
    Files.writeString(config, Files.readString(config).replace("batch_size: 2", "batch_size: 1")
        .replace("semantic: contrastive", "semantic: cross_entropy").replace("spatial: paper", "spatial: reference")
        .replace("s3t: point", "s3t: batch"));

    Path quiet = pretrain(bag, config, "quiet");
    Path otherLoader = tmp.resolve("other-loader.yaml");
    Files.writeString(otherLoader, Files.readString(config) + "data:\n  workers: 3\n  prefetch: 1\n");
    Path collected;
    try (GcStorm storm = new GcStorm()) {
      collected = pretrain(bag, otherLoader, "collected");
    }
    List<String> steps = Files.readAllLines(quiet.resolve("steps.csv"));
    assertEquals(7, steps.size(), "header + 3 samples x 2 epochs at batch 1");
    assertEquals(steps, Files.readAllLines(collected.resolve("steps.csv")), "per-step losses");
    assertArrayEquals(Files.readAllBytes(quiet.resolve("checkpoint/model.safetensors")),
        Files.readAllBytes(collected.resolve("checkpoint/model.safetensors")), "weights and optimizer state");
  }

  private Path pretrain(Path bag, Path config, String name) {
    Path out = tmp.resolve(name);
    TinyRun.run("pretrain", "--bag", bag.toString(), "--config", config.toString(), "--out", out.toString(), "--seed", "5", "--no-progress");
    return out;
  }

  /** A thread asking for a collection every few milliseconds, so one lands between most forward and backward passes. */
  private static final class GcStorm implements AutoCloseable {
    private final Thread thread = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        System.gc();
        try {
          Thread.sleep(10);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "gc-storm");

    GcStorm() {
      thread.setDaemon(true);
      thread.start();
    }

    @Override
    public void close() throws InterruptedException {
      thread.interrupt();
      thread.join();
    }
  }
}
