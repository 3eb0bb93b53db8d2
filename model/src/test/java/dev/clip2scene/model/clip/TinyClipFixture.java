package dev.clip2scene.model.clip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clip2scene.model.io.Npy;
import dev.clip2scene.testkit.Fixtures;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The tiny random CLIP of ../shared/data/clip/tiny-vit and its reference outputs. */
final class TinyClipFixture {
  private TinyClipFixture() {}

  static Path dir() {
    return Fixtures.sharedData("clip/tiny-vit");
  }

  static Path weights() {
    return dir().resolve("tiny-clip-vit.safetensors");
  }

  static Path bpeVocabulary() {
    return Fixtures.sharedData("clip/" + TokenizerFiles.OPENAI_VOCAB);
  }

  static JsonNode cases() throws IOException {
    return new ObjectMapper().readTree(dir().resolve("cases.json").toFile());
  }

  static List<String> texts() throws IOException {
    List<String> out = new ArrayList<>();
    cases().get("texts").forEach(t -> out.add(t.get("text").asText()));
    return out;
  }

  static double[] reference(String npy) {
    return Npy.read(dir().resolve(npy)).doubles();
  }

  /** max |actual - expected| / max |expected|: one scale for the whole array, so near-zero entries do not dominate. */
  static double relativeError(float[] actual, double[] expected) {
    if (actual.length != expected.length) throw new AssertionError(actual.length + " values, expected " + expected.length);
    double diff = 0;
    double scale = 0;
    for (int i = 0; i < actual.length; i++) {
      diff = Math.max(diff, Math.abs(actual[i] - expected[i]));
      scale = Math.max(scale, Math.abs(expected[i]));
    }
    return diff / scale;
  }
}
