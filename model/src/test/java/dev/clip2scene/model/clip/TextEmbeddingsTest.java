package dev.clip2scene.model.clip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.clip2scene.model.net.TextEmbeddings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextEmbeddingsTest {
  @TempDir Path dir;

  @Test
  void bundledDataHasThePapersSizes() {
    assertEquals(85, PromptTemplates.bundled().templates().size());
    assertEquals(85, PromptTemplates.bundled().templates().stream().distinct().count());
    assertEquals("a bad photo of a car.", PromptTemplates.bundled().fill("car").get(0));
    assertEquals(16, Vocabulary.resolve("nuscenes").classes().size());
    assertEquals(19, Vocabulary.resolve("semantickitti").classes().size());
    assertEquals(20, Vocabulary.resolve("scannet").classes().size());
    assertEquals("driveable surface", Vocabulary.resolve("nuscenes").classes().get(10));
  }

  @Test
  void vocabularyAndTemplateFilesAreCheckedLineByLine() throws IOException {
    Path vocab = Files.writeString(dir.resolve("v.txt"), "# my classes\nroad\n\ncar\n");
    assertEquals(List.of("road", "car"), Vocabulary.resolve(vocab.toString()).classes());
    Path dup = Files.writeString(dir.resolve("d.txt"), "road\nroad\n");
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Vocabulary.read(dup)).getMessage().contains("twice"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Vocabulary.resolve("nuscene")).getMessage().contains("nuscenes"));
    Path bad = Files.writeString(dir.resolve("t.txt"), "a photo of a {}.\na photo.\n");
    assertTrue(assertThrows(IllegalArgumentException.class, () -> PromptTemplates.read(bad)).getMessage().contains("template 2"));
  }

  @Test
  void ensembleOfOneTemplateIsTheNormalisedReferenceFeature() throws IOException {
    ClipTokenizer tokenizer = new ClipTokenizer(TokenizerFiles.load(TinyClipFixture.bpeVocabulary()));
    List<String> texts = TinyClipFixture.texts();
    double[] reference = TinyClipFixture.reference("text_features.npy");
    try (ClipModel model = ClipModel.load(TinyClipFixture.weights(), ClipHints.NONE, Device.cpu())) {
      TextEmbeddings one = new PromptEnsemble(model.text(), tokenizer, new PromptTemplates(List.of("{}"), "t"))
          .embed(new Vocabulary(texts.subList(0, 2), "t"));
      for (int c = 0; c < 2; c++) {
        double norm = 0;
        for (int d = 0; d < 32; d++) norm += reference[c * 32 + d] * reference[c * 32 + d];
        for (int d = 0; d < 32; d++) assertEquals(reference[c * 32 + d] / Math.sqrt(norm), one.values()[c * 32 + d], 1e-5);
      }

      PromptTemplates two = new PromptTemplates(List.of("a photo of a {}.", "there is a {} in the scene."), "t");
      TextEmbeddings many = new PromptEnsemble(model.text(), tokenizer, two).embed(new Vocabulary(List.of("car", "traffic_cone"), "t"));
      float[] a = model.text().encode(tokenizer.tokenize(two.fill("traffic_cone")));
      TextEmbeddings.normalizeRow(a, 0, 32);
      TextEmbeddings.normalizeRow(a, 32, 32);
      float[] expected = new float[32];
      for (int d = 0; d < 32; d++) expected[d] = (a[d] + a[32 + d]) / 2;
      TextEmbeddings.normalizeRow(expected, 0, 32);
      assertArrayEquals(expected, java.util.Arrays.copyOfRange(many.values(), 32, 64), 1e-6f);

      TextEmbeddingsFolder.write(dir.resolve("emb"), many);
      TextEmbeddings back = TextEmbeddingsFolder.read(dir.resolve("emb"));
      assertEquals(many.labels(), back.labels());
      assertArrayEquals(many.values(), back.values());
    }
  }
}
