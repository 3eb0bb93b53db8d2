package dev.clip2scene.nodes.pretrain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clip2scene.model.net.ModelFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Import -> pretrain with the tiny MaskCLIP teacher -> checkpoint -> eval, through the CLI. */
class PretrainEndToEndTest {
  @TempDir Path tmp;

  @Test
  void importsPretrainsCheckpointsAndEvaluates() throws Exception {
    Path kitti = TinyRun.kittiBag(tmp);
    Path labelled = TinyRun.labelledBag(tmp);
    Path config = TinyRun.config(tmp, "");
    Path out = tmp.resolve("run");
    String summary = TinyRun.run("pretrain", "--bag", kitti.toString(), "--bag", labelled.toString(), "--config", config.toString(),
        "--out", out.toString(), "--seed", "3", "--no-progress", "--json");
    JsonNode s = new ObjectMapper().readTree(summary);
    assertEquals(2, s.get("epochs").asInt());
    assertEquals(4, s.get("steps").asLong(), "4 samples, batch 2, 2 epochs");
    assertTrue(Double.isFinite(s.get("loss").asDouble()));

    ModelFolder.Contents c = ModelFolder.read(out.resolve("checkpoint"));
    assertEquals(32, c.config().outputDim(), "the network's output follows the tiny CLIP's 32-d text embeddings");
    assertEquals(19, c.text().classes());
    List<String> epochs = Files.readAllLines(out.resolve("metrics.jsonl"));
    assertEquals(2, epochs.size());
    JsonNode last = new ObjectMapper().readTree(epochs.get(1));
    assertTrue(last.has("miou"), "evaluated on the labelled scan after each epoch: " + last);
    assertEquals(5, Files.readAllLines(out.resolve("steps.csv")).size(), "header + one line per step");
    assertTrue(ImageIO.read(out.resolve("curves.png").toFile()).getWidth() > 0);
    assertTrue(Files.readString(out.resolve("train.log")).contains("epoch 2 done"));
    try (Stream<Path> cache = Files.walk(out.resolve("teacher-cache"))) {
      assertTrue(cache.anyMatch(p -> p.toString().endsWith(".features.npy")), "teacher outputs cached");
    }

    String eval = TinyRun.run("eval", "--model", out.toString(), "--bag", labelled.toString(), "--json");
    JsonNode e = new ObjectMapper().readTree(eval);
    assertEquals(last.get("miou").asDouble(), e.get("miou").asDouble(), 1e-9, "eval verb agrees with the per-epoch evaluation");
    assertEquals(19, e.get("per_class").size());
    assertTrue(e.get("per_class").has("car"));
    assertTrue(Files.exists(out.resolve("eval/confusion.png")));

    // fine-tune on the labelled scan: the head starts from the text embeddings and moves
    Path ftConfig = tmp.resolve("finetune.yaml");
    Files.writeString(ftConfig, "train:\n  epochs: 1\n  batch_size: 1\noptim:\n  lr: 0.001\n");
    Path ft = tmp.resolve("ft");
    TinyRun.run("finetune", "--model", out.toString(), "--bag", labelled.toString(), "--fraction", "100%", "--config", ftConfig.toString(),
        "--out", ft.toString(), "--no-progress");
    ModelFolder.Contents tuned = ModelFolder.read(ft.resolve("checkpoint"));
    assertEquals(c.text().labels(), tuned.text().labels());
    assertTrue(!java.util.Arrays.equals(c.text().values(), tuned.text().values()), "the head was trained");
    JsonNode fe = new ObjectMapper().readTree(TinyRun.run("eval", "--model", ft.toString(), "--bag", labelled.toString(), "--json"));
    assertTrue(fe.get("miou").isNumber());
  }
}
