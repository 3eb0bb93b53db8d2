package dev.clip2scene.model.clip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clip2scene.model.io.Npy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClipTokenizerTest {
  private static ClipTokenizer tokenizer;
  @TempDir Path dir;

  @BeforeAll
  static void load() {
    tokenizer = new ClipTokenizer(TokenizerFiles.load(TinyClipFixture.bpeVocabulary()));
  }

  @Test
  void idsEqualTheReferenceForEveryCase() throws IOException {
    long[] reference = Npy.read(TinyClipFixture.dir().resolve("text_tokens.npy")).longs();
    JsonNode texts = TinyClipFixture.cases().get("texts");
    assertEquals(6, texts.size());
    for (int i = 0; i < texts.size(); i++) {
      JsonNode c = texts.get(i);
      int[] ids = tokenizer.tokenize(c.get("text").asText());
      int[] listed = new int[c.get("ids").size()];
      for (int j = 0; j < listed.length; j++) listed[j] = c.get("ids").get(j).asInt();
      assertArrayEquals(listed, Arrays.copyOf(ids, listed.length), c.get("text").asText());
      int[] row = new int[77];
      for (int j = 0; j < 77; j++) row[j] = (int) reference[i * 77 + j];
      assertArrayEquals(row, ids, c.get("text").asText());
    }
  }

  @Test
  void vocabularyHasClipsSizeAndSpecialTokens() {
    assertEquals(49408, tokenizer.vocabulary().size());
    assertEquals(49406, tokenizer.vocabulary().startId());
    assertEquals(49407, tokenizer.vocabulary().endId());
  }

  @Test
  void cleansWhitespaceCaseAndHtmlEntities() {
    assertArrayEquals(tokenizer.tokenize("a diagram"), tokenizer.tokenize("  A \t\n DIAGRAM  "));
    assertArrayEquals(tokenizer.tokenize("cats & dogs"), tokenizer.tokenize("cats &amp;amp; dogs"));
    assertArrayEquals(tokenizer.tokenize("café"), tokenizer.tokenize("cafe\u0301"), "NFC normalisation");
  }

  @Test
  void unknownScriptsFallBackToByteSymbols() {
    int[] ids = tokenizer.encode("\u2603\uD83D\uDE80 日本");
    assertTrue(ids.length > 0);
    for (int id : ids) assertTrue(id >= 0 && id < 49406, "id " + id);
  }

  @Test
  void truncatesToContextKeepingTheEndToken() {
    int[] ids = tokenizer.tokenize("word ".repeat(200));
    assertEquals(77, ids.length);
    assertEquals(49406, ids[0]);
    assertEquals(49407, ids[76]);
    assertTrue(Arrays.stream(ids, 1, 76).allMatch(id -> id == ids[1]));
    int[] empty = tokenizer.tokenize("");
    assertEquals(49407, empty[1]);
    assertEquals(0, empty[2]);
  }

  @Test
  void huggingFaceFilesGiveTheSameIds() throws IOException {
    // write the same vocabulary in both Hugging Face layouts and compare
    BpeVocabulary reference = tokenizer.vocabulary();
    HuggingFaceTokenizerWriter.write(TinyClipFixture.bpeVocabulary(), dir);
    ClipTokenizer split = new ClipTokenizer(TokenizerFiles.load(dir.resolve("vocab.json")));
    ClipTokenizer single = new ClipTokenizer(TokenizerFiles.load(dir.resolve("tokenizer.json")));
    for (String text : TinyClipFixture.texts()) {
      assertArrayEquals(tokenizer.tokenize(text), split.tokenize(text), text);
      assertArrayEquals(tokenizer.tokenize(text), single.tokenize(text), text);
    }
    assertEquals(reference.size(), split.vocabulary().size());
  }

  @Test
  void missingOrTruncatedFilesNameTheFileAndWhereToGetIt() throws IOException {
    TokenizerException missing = assertThrows(TokenizerException.class, () -> TokenizerFiles.load(dir));
    assertTrue(missing.getMessage().contains(TokenizerFiles.OPENAI_VOCAB), missing.getMessage());
    assertTrue(missing.getMessage().contains("huggingface.co/openai/clip-vit-base-patch16"), missing.getMessage());
    Path cut = dir.resolve("short.txt");
    Files.writeString(cut, "#version: 0.2\na b\n");
    TokenizerException truncated = assertThrows(TokenizerException.class, () -> TokenizerFiles.load(cut));
    assertTrue(truncated.getMessage().contains("short.txt") && truncated.getMessage().contains("1 merges"), truncated.getMessage());
  }
}
