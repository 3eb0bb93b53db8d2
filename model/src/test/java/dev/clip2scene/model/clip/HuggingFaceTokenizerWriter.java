package dev.clip2scene.model.clip;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** Test helper: rewrites OpenAI's merges file as Hugging Face vocab.json + merges.txt and tokenizer.json. */
final class HuggingFaceTokenizerWriter {
  private HuggingFaceTokenizerWriter() {}

  static void write(Path openAiGz, Path dir) throws IOException {
    List<String> merges = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(openAiGz)), StandardCharsets.UTF_8))) {
      r.readLine();
      String line;
      while ((line = r.readLine()) != null && merges.size() < TokenizerFiles.CLIP_MERGES) merges.add(line);
    }
    ObjectMapper json = new ObjectMapper();
    ObjectNode vocab = json.createObjectNode();
    String alphabet = ByteLevelAlphabet.alphabet();
    int id = 0;
    for (int i = 0; i < 256; i++) vocab.put(String.valueOf(alphabet.charAt(i)), id++);
    for (int i = 0; i < 256; i++) vocab.put(alphabet.charAt(i) + "</w>", id++);
    for (String m : merges) vocab.put(m.replace(" ", ""), id++);
    vocab.put(BpeVocabulary.START, id++);
    vocab.put(BpeVocabulary.END, id);
    json.writeValue(dir.resolve("vocab.json").toFile(), vocab);
    Files.writeString(dir.resolve("merges.txt"), "#version: 0.2\n" + String.join("\n", merges) + "\n");
    ObjectNode tok = json.createObjectNode();
    ObjectNode model = tok.putObject("model");
    model.put("type", "BPE");
    model.set("vocab", vocab);
    ArrayNode arr = model.putArray("merges");
    for (int i = 0; i < merges.size(); i++) {
      String[] p = merges.get(i).split(" ");
      if (i % 2 == 0) arr.add(merges.get(i));
      else arr.addArray().add(p[0]).add(p[1]);
    }
    json.writeValue(dir.resolve("tokenizer.json").toFile(), tok);
  }
}
