package dev.clip2scene.nodes.pretrain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clip2scene.model.io.Npy;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pretraining refuses what it cannot learn from instead of training on nothing: camera topics configured but no
 * images in the bag (it used to train with loss 0 at every step and write a checkpoint), no clouds at all; a run
 * that fails at its start leaves no run folder behind (but never removes one that was there). A run that trains
 * counts what it left out, and why, in its summary.
 */
class PretrainBadInputTest {
  @TempDir Path tmp;

  private static TinyRun.Result cli(String... args) {
    return TinyRun.execute(args);
  }

  /** A small network, the precomputed teacher (every image's pixels class 1 of 3), one epoch. */
  private Path config(Path bag) throws IOException {
    Path teacher = tmp.resolve("teacher");
    Files.createDirectories(teacher.resolve("front/image_raw"));
    BufferedImage labels = new BufferedImage(4, 3, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < 3; y++) for (int x = 0; x < 4; x++) labels.getRaster().setSample(x, y, 0, 1);
    for (int i = 0; i < 8; i++) ImageIO.write(labels, "png", teacher.resolve("front/image_raw/" + (DriveBag.cloudStamp(i) + 10 * DriveBag.MS) + ".png").toFile());
    Files.writeString(tmp.resolve("vocab.txt"), "road\npole\ncar\n");
    float[] text = new float[3 * 8];
    for (int c = 0; c < 3; c++) text[c * 8 + c] = 1;
    Npy.writeFloats(tmp.resolve("text.npy"), new long[] {3, 8}, text);
    Path f = tmp.resolve("config.yaml");
    Files.writeString(f, """
        data:
          cloud_topic: %s
          camera_topics: [%s]
          sweeps: 2
          min_range_m: 0.5
        network:
          widths: [8, 8, 8, 8, 8, 8, 8, 8, 8]
          blocks: [1, 1, 1, 1, 1, 1, 1, 1]
          voxel_size: 0.4
        teacher:
          kind: precomputed
          vocabulary: %s
          text_embeddings: %s
          precomputed_dir: %s
        optim:
          lr: 0.01
        train:
          epochs: 1
          batch_size: 2
          evaluate: false
        """.formatted(DriveBag.CLOUD, DriveBag.FRONT, tmp.resolve("vocab.txt"), tmp.resolve("text.npy"), teacher));
    return f;
  }

  @Test
  void cameraTopicsWithoutImagesAreRefusedAndTheRunFolderIsNotLeftBehind() throws IOException {
    Path bag = DriveBag.of(4).withoutImages().write(tmp.resolve("lidar-only"));
    Path out = tmp.resolve("run");
    TinyRun.Result r = cli("pretrain", "--bag", bag.toString(), "--config", config(bag).toString(), "--out", out.toString(), "--no-progress");
    assertEquals(1, r.exitCode(), r.err());
    assertTrue(r.err().contains("no keyframe of [" + bag + "] has an image") && r.err().contains(DriveBag.FRONT), r.err());
    assertTrue(r.err().contains("no images on the camera topic " + DriveBag.FRONT), "the warning names the topic and bag: " + r.err());
    assertFalse(Files.exists(out), "no run folder left behind, so no checkpoint either");
  }

  @Test
  void noCloudsFailsAtTheStartWithoutARunFolderButKeepsAFolderThatWasThere() throws IOException {
    Path bag = DriveBag.of(3).write(tmp.resolve("drive"));
    Path config = config(bag);
    Files.writeString(config, Files.readString(config).replace("cloud_topic: " + DriveBag.CLOUD, "cloud_topic: /points"));
    Path out = tmp.resolve("run");
    TinyRun.Result r = cli("pretrain", "--bag", bag.toString(), "--config", config.toString(), "--out", out.toString(), "--no-progress");
    assertEquals(1, r.exitCode(), r.err());
    assertTrue(r.err().contains("no samples: no bag of [" + bag + "] has messages on the cloud topic /points"), r.err());
    assertFalse(Files.exists(out));

    Files.createDirectories(out);
    Files.writeString(out.resolve("notes.txt"), "mine");
    assertEquals(1, cli("pretrain", "--bag", bag.toString(), "--config", config.toString(), "--out", out.toString(), "--no-progress").exitCode());
    assertEquals("mine", Files.readString(out.resolve("notes.txt")), "a folder that existed before is left alone");
  }

  @Test
  void aRunThatTrainsCountsWhatItLeftOutAndWhy() throws IOException {
    // ego poses only from 1.25 s: the first three keyframes have no placed image, some sweeps no pose
    Path bag = DriveBag.of(8).withTfGap(0, 1250 * DriveBag.MS).write(tmp.resolve("gap"));
    Path out = tmp.resolve("run");
    TinyRun.Result r = cli("pretrain", "--bag", bag.toString(), "--config", config(bag).toString(), "--out", out.toString(), "--no-progress", "--json");
    assertEquals(0, r.exitCode(), r.err());
    JsonNode summary = new ObjectMapper().readTree(r.out());
    assertEquals(3, summary.get("skipped").get("keyframe without a camera image").asInt(), r.out());
    assertEquals(3, summary.get("skipped").get("camera image without transform").asInt(), r.out());
    assertTrue(summary.get("skipped").get("sweep without ego pose").asInt() >= 1, r.out());
    assertEquals(3, summary.get("steps").asInt(), "5 keyframes with an image, batch 2");
    JsonNode run = new ObjectMapper().readTree(out.resolve("run.json").toFile());
    assertEquals(summary.get("skipped"), run.get("skipped"), "run.json keeps the counts");
    String log = Files.readString(out.resolve("train.log"));
    assertTrue(log.contains("left out: keyframe without a camera image: keyframe at 1000000000 ns of " + bag), "an example in the log: " + log);
    assertEquals(log.lines().filter(l -> l.contains("update skipped")).count(), summary.get("skipped_updates").asLong(), r.out());
  }
}
