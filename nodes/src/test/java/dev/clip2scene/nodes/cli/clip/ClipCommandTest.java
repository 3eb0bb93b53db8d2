package dev.clip2scene.nodes.cli.clip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clip2scene.model.image.RgbImage;
import dev.clip2scene.model.io.Npy;
import dev.clip2scene.model.io.NpyArray;
import dev.clip2scene.nodes.cli.Clip2SceneCommand;
import dev.clip2scene.testkit.Fixtures;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The clip verbs end to end on the tiny random CLIP of ../shared/data/clip/tiny-vit. */
class ClipCommandTest {
  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = Clip2SceneCommand.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  private static String weights() {
    return Fixtures.sharedData("clip/tiny-vit/tiny-clip-vit.safetensors").toString();
  }

  private static String tokenizer() {
    return Fixtures.sharedData("clip/bpe_simple_vocab_16e6.txt.gz").toString();
  }

  @Test
  void embedWritesNormalisedRowsAndTheVocabulary() throws Exception {
    Path vocab = Files.writeString(dir.resolve("classes.txt"), "car\nroad\ntraffic cone\n");
    Path templates = Files.writeString(dir.resolve("t.txt"), "a photo of a {}.\nthere is a {} in the scene.\n");
    int code = run("clip", "embed", "--weights", weights(), "--tokenizer", tokenizer(), "--vocab", vocab.toString(),
        "--templates", templates.toString(), "--out", dir.resolve("emb").toString(), "--json");
    assertEquals(0, code, err.toString());
    NpyArray e = Npy.read(dir.resolve("emb/text_embeddings.npy"));
    assertArrayEquals(new long[] {3, 32}, e.shape());
    float[] rows = e.floats();
    for (int c = 0; c < 3; c++) {
      double n = 0;
      for (int d = 0; d < 32; d++) n += rows[c * 32 + d] * rows[c * 32 + d];
      assertEquals(1, n, 1e-5);
    }
    JsonNode names = new ObjectMapper().readTree(dir.resolve("emb/vocab.json").toFile());
    assertEquals("traffic cone", names.get(2).asText());
    assertEquals(3, new ObjectMapper().readTree(out.toString()).get("classes").asInt());
  }

  @Test
  void denseWritesFeaturesLogitsAndLabelsForABundledVocabulary() throws Exception {
    Path image = dir.resolve("street.png");
    byte[] rgb = new byte[100 * 60 * 3];
    new SplittableRandom(3).nextBytes(rgb);
    ImageFiles.writePng(image, new RgbImage(100, 60, rgb));
    int code = run("clip", "dense", "--weights", weights(), "--tokenizer", tokenizer(), "--image", image.toString(),
        "--size", "64x112", "--vocab", "nuscenes", "--out", dir.resolve("d").toString(), "--json");
    assertEquals(0, code, err.toString());
    assertArrayEquals(new long[] {4, 7, 32}, Npy.read(dir.resolve("d/dense.npy")).shape());
    NpyArray logits = Npy.read(dir.resolve("d/logits.npy"));
    assertArrayEquals(new long[] {4, 7, 16}, logits.shape());
    for (float v : logits.floats()) assertTrue(v >= -1.0001f && v <= 1.0001f, "cosine " + v);
    var labels = ImageIO.read(dir.resolve("d/labels.png").toFile());
    assertEquals(100, labels.getWidth());
    assertEquals(60, labels.getHeight());
    JsonNode summary = new ObjectMapper().readTree(out.toString());
    assertEquals(16, summary.get("legend").size());
    double shares = 0;
    for (JsonNode l : summary.get("legend")) shares += l.get("share").asDouble();
    assertEquals(1, shares, 1e-3);
  }

  @Test
  void denseWithoutVocabularyRoundsTheSizeToPatchMultiples() throws Exception {
    Path image = dir.resolve("small.png");
    ImageFiles.writePng(image, new RgbImage(70, 30, new byte[70 * 30 * 3]));
    int code = run("clip", "dense", "--weights", weights(), "--image", image.toString(), "--no-normalize",
        "--out", dir.resolve("d").toString());
    assertEquals(0, code, err.toString());
    assertArrayEquals(new long[] {2, 4, 32}, Npy.read(dir.resolve("d/dense.npy")).shape());
    assertTrue(out.toString().contains("resized 30x70 to 32x64"), out.toString());
    assertFalse(Files.exists(dir.resolve("d/labels.png")));
  }

  @Test
  void missingFilesFailWithOneLineSayingWhatToGet() {
    int code = run("clip", "embed", "--weights", dir.resolve("ViT-B-16.safetensors").toString(), "--tokenizer", tokenizer(),
        "--vocab", "nuscenes", "--out", dir.toString());
    assertEquals(1, code);
    assertTrue(err.toString().contains("CLIP weights not found") && err.toString().contains("huggingface.co/openai/clip-vit-base-patch16"), err.toString());
    assertFalse(err.toString().contains("\tat "), "no stack trace");

    code = run("clip", "embed", "--weights", weights(), "--vocab", "nuscenes", "--out", dir.toString());
    assertEquals(1, code);
    assertTrue(err.toString().contains("bpe_simple_vocab_16e6.txt.gz"), err.toString());
  }

  @Test
  void benchTimesViTB16DenseFeaturesWithoutAWeightsFile() throws Exception {
    assertEquals(0, run("clip", "bench", "--size", "40x40", "--json"), err.toString());
    JsonNode result = new ObjectMapper().readTree(out.toString());
    JsonNode row = result.get("runs").get(0);
    assertEquals("48x48", row.get("input").asText(), "40 rounds to the nearest multiple of 16");
    assertEquals("3x3x512", row.get("grid").asText());
    assertTrue(row.get("dense_s").get(0).asDouble() > 0);
  }

  @Test
  void unreadableImagesFailWithTheirName() throws Exception {
    Path notImage = Files.writeString(dir.resolve("notes.png"), "not a png");
    assertEquals(1, run("clip", "dense", "--weights", weights(), "--image", notImage.toString(), "--out", dir.toString()));
    assertTrue(err.toString().contains("notes.png") && err.toString().contains("not an image"), err.toString());
    Path truncated = dir.resolve("cut.png");
    ImageFiles.writePng(truncated, new RgbImage(64, 64, new byte[64 * 64 * 3]));
    byte[] bytes = Files.readAllBytes(truncated);
    Files.write(truncated, java.util.Arrays.copyOf(bytes, 40));
    assertEquals(1, run("clip", "dense", "--weights", weights(), "--image", truncated.toString(), "--out", dir.toString()));
    assertTrue(err.toString().contains("cut.png"), err.toString());
  }

  @Test
  void badUsageExitsWithTwo() {
    assertEquals(2, run("clip", "dense", "--weights", "w", "--image", "i", "--size", "64by112", "--out", "o"));
    assertEquals(2, run("clip"));
  }
}
