package dev.clip2scene.model.clip;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A byte-pair vocabulary: token string -> id, and the merge rules by rank (lower merges first). Built from CLIP's
 * reference file or from Hugging Face tokenizer files by {@link TokenizerFiles}.
 */
public final class BpeVocabulary {
  static final String START = "<|startoftext|>";
  static final String END = "<|endoftext|>";

  private final Map<String, Integer> ids;
  private final Map<String, Integer> mergeRanks;
  private final String source;

  BpeVocabulary(Map<String, Integer> ids, List<String[]> merges, String source) {
    this.ids = Map.copyOf(ids);
    Map<String, Integer> ranks = new HashMap<>(merges.size() * 2);
    for (int i = 0; i < merges.size(); i++) ranks.putIfAbsent(pairKey(merges.get(i)[0], merges.get(i)[1]), i);
    this.mergeRanks = ranks;
    this.source = source;
    for (String special : new String[] {START, END}) {
      if (!ids.containsKey(special)) throw new TokenizerException(source + ": the vocabulary has no '" + special + "' token");
    }
  }

  static String pairKey(String a, String b) {
    return a + ' ' + b; // tokens never contain a space: the byte-level alphabet maps it to U+0120
  }

  /** The merge rank of the pair, or Integer.MAX_VALUE when the pair never merges. */
  int rank(String a, String b) {
    return mergeRanks.getOrDefault(pairKey(a, b), Integer.MAX_VALUE);
  }

  /** The id of TOKEN; a token the merges can produce but the vocabulary lacks means inconsistent files. */
  int id(String token) {
    Integer id = ids.get(token);
    if (id == null) throw new TokenizerException(source + ": token '" + token + "' is produced by the merges but missing from the vocabulary");
    return id;
  }

  public int startId() {
    return ids.get(START);
  }

  public int endId() {
    return ids.get(END);
  }

  public int size() {
    return ids.size();
  }

  public String source() {
    return source;
  }
}
