package dev.clip2scene.model.clip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Finds and reads CLIP tokenizer files: OpenAI's {@value #OPENAI_VOCAB} (merges only; the vocabulary is derived
 * from them), or a Hugging Face tokenizer folder ({@code vocab.json} + {@code merges.txt}, or
 * {@code tokenizer.json}). Nothing is downloaded; a missing file is an error saying where to get one.
 */
public final class TokenizerFiles {
  public static final String OPENAI_VOCAB = "bpe_simple_vocab_16e6.txt.gz";
  public static final String WHERE_TO_GET = "get " + OPENAI_VOCAB + " from the OpenAI CLIP repository "
      + "(github.com/openai/CLIP, clip/" + OPENAI_VOCAB + "), or vocab.json + merges.txt (or tokenizer.json) from "
      + "huggingface.co/openai/clip-vit-base-patch16, and put it next to the weights or pass --tokenizer PATH";
  /** CLIP's vocabulary: 256 byte symbols, 256 with end-of-word, the merges, then the two special tokens. */
  static final int CLIP_MERGES = 49152 - 256 - 2;
  private static final ObjectMapper JSON = new ObjectMapper();

  private TokenizerFiles() {}

  /**
   * Loads the tokenizer at PATH: a {@value #OPENAI_VOCAB}-style .gz (or plain .txt) merges file, a
   * tokenizer.json, a vocab.json (merges.txt beside it), or a folder holding any of these.
   */
  public static BpeVocabulary load(Path path) {
    if (Files.isDirectory(path)) return load(locateIn(path));
    if (!Files.isRegularFile(path)) throw new TokenizerException("CLIP tokenizer file not found: " + path + "; " + WHERE_TO_GET);
    String name = path.getFileName().toString();
    try {
      if (name.endsWith(".json") && name.contains("tokenizer")) return readTokenizerJson(path);
      if (name.endsWith(".json")) return readVocabAndMerges(path, path.resolveSibling("merges.txt"));
      if (name.equals("merges.txt")) return readVocabAndMerges(path.resolveSibling("vocab.json"), path);
      return readOpenAiMerges(path);
    } catch (IOException e) {
      throw new TokenizerException("cannot read CLIP tokenizer " + path + ": " + e.getMessage(), e);
    }
  }

  /** The tokenizer file in DIR, preferring OpenAI's file, then tokenizer.json, then vocab.json + merges.txt. */
  public static Path locateIn(Path dir) {
    for (String candidate : new String[] {OPENAI_VOCAB, "tokenizer.json", "vocab.json"}) {
      Path f = dir.resolve(candidate);
      if (Files.isRegularFile(f)) return f;
    }
    throw new TokenizerException("no CLIP tokenizer in " + dir + " (expected " + OPENAI_VOCAB
        + ", tokenizer.json, or vocab.json + merges.txt); " + WHERE_TO_GET);
  }

  static BpeVocabulary readOpenAiMerges(Path file) throws IOException {
    List<String> lines = new ArrayList<>();
    try (InputStream raw = Files.newInputStream(file);
        InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      // the first line is a version comment; CLIP uses the next CLIP_MERGES lines
      while ((line = r.readLine()) != null && lines.size() <= CLIP_MERGES) lines.add(line);
    }
    if (lines.size() < CLIP_MERGES + 1) {
      throw new TokenizerException(file + ": " + Math.max(0, lines.size() - 1) + " merges, CLIP needs " + CLIP_MERGES
          + " (truncated or not a CLIP vocabulary); " + WHERE_TO_GET);
    }
    List<String[]> merges = parseMerges(lines.subList(1, lines.size()), file);
    List<String> tokens = new ArrayList<>();
    String alphabet = ByteLevelAlphabet.alphabet();
    for (int i = 0; i < alphabet.length(); i++) tokens.add(String.valueOf(alphabet.charAt(i)));
    for (int i = 0; i < alphabet.length(); i++) tokens.add(alphabet.charAt(i) + "</w>");
    for (String[] m : merges) tokens.add(m[0] + m[1]);
    tokens.add(BpeVocabulary.START);
    tokens.add(BpeVocabulary.END);
    Map<String, Integer> ids = new HashMap<>(tokens.size() * 2);
    for (int i = 0; i < tokens.size(); i++) ids.put(tokens.get(i), i);
    return new BpeVocabulary(ids, merges, file.toString());
  }

  static BpeVocabulary readVocabAndMerges(Path vocabJson, Path mergesTxt) throws IOException {
    for (Path f : new Path[] {vocabJson, mergesTxt}) {
      if (!Files.isRegularFile(f)) throw new TokenizerException("CLIP tokenizer file not found: " + f + "; " + WHERE_TO_GET);
    }
    Map<String, Integer> ids = readIds(JSON.readTree(vocabJson.toFile()), vocabJson.toString());
    List<String> lines = new ArrayList<>();
    for (String line : Files.readAllLines(mergesTxt, StandardCharsets.UTF_8)) {
      if (!line.startsWith("#version") && !line.isBlank()) lines.add(line);
    }
    return new BpeVocabulary(ids, parseMerges(lines, mergesTxt), vocabJson + " + " + mergesTxt.getFileName());
  }

  static BpeVocabulary readTokenizerJson(Path file) throws IOException {
    JsonNode model = JSON.readTree(file.toFile()).path("model");
    if (!model.path("vocab").isObject() || !model.path("merges").isArray()) {
      throw new TokenizerException(file + ": no model.vocab object and model.merges array (not a BPE tokenizer.json)");
    }
    Map<String, Integer> ids = readIds(model.get("vocab"), file.toString());
    List<String[]> merges = new ArrayList<>();
    for (JsonNode m : model.get("merges")) {
      // older files write "a b", newer ones ["a", "b"]
      if (m.isArray() && m.size() == 2) merges.add(new String[] {m.get(0).asText(), m.get(1).asText()});
      else merges.addAll(parseMerges(List.of(m.asText()), file));
    }
    return new BpeVocabulary(ids, merges, file.toString());
  }

  private static Map<String, Integer> readIds(JsonNode vocab, String where) {
    if (vocab == null || !vocab.isObject()) throw new TokenizerException(where + ": expected a JSON object token -> id");
    Map<String, Integer> ids = new HashMap<>(vocab.size() * 2);
    for (Iterator<Map.Entry<String, JsonNode>> it = vocab.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().canConvertToInt()) throw new TokenizerException(where + ": token '" + e.getKey() + "' has a non-integer id");
      ids.put(e.getKey(), e.getValue().asInt());
    }
    return ids;
  }

  private static List<String[]> parseMerges(List<String> lines, Path file) {
    List<String[]> merges = new ArrayList<>(lines.size());
    for (int i = 0; i < lines.size(); i++) {
      String[] pair = lines.get(i).trim().split(" ");
      if (pair.length != 2) throw new TokenizerException(file + ": merge " + (i + 1) + " '" + lines.get(i) + "' is not two symbols");
      merges.add(pair);
    }
    return merges;
  }
}
