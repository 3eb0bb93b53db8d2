package dev.clip2scene.model.clip;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CLIP's byte-pair tokenizer: clean-up ({@link TextCleaner}), CLIP's pre-tokenisation pattern (special tokens,
 * English contractions, letter runs, single digits, runs of other non-space characters), byte-level alphabet,
 * then byte-pair merges with an end-of-word marker on each word's last symbol. {@link #tokenize} frames the ids
 * with the start and end tokens and pads with zeros to the context length; longer texts are cut and keep the end
 * token last.
 */
public final class ClipTokenizer {
  public static final int CONTEXT_LENGTH = 77;
  private static final String END_OF_WORD = "</w>";
  private static final Pattern PRE_TOKENS = Pattern.compile(
      "<\\|startoftext\\|>|<\\|endoftext\\|>|'s|'t|'re|'ve|'m|'ll|'d|[\\p{L}]+|[\\p{N}]|[^\\s\\p{L}\\p{N}]+",
      Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.UNICODE_CHARACTER_CLASS);
  /** Bounds the word cache, so a stream of novel words cannot grow memory without limit. */
  private static final int MAX_CACHED_WORDS = 100_000;

  private final BpeVocabulary vocabulary;
  private final int contextLength;
  private final Map<String, int[]> cache = new ConcurrentHashMap<>();

  public ClipTokenizer(BpeVocabulary vocabulary) {
    this(vocabulary, CONTEXT_LENGTH);
  }

  public ClipTokenizer(BpeVocabulary vocabulary, int contextLength) {
    if (contextLength < 2) throw new IllegalArgumentException("context length " + contextLength + " leaves no room for start and end tokens");
    this.vocabulary = vocabulary;
    this.contextLength = contextLength;
  }

  public int contextLength() {
    return contextLength;
  }

  public BpeVocabulary vocabulary() {
    return vocabulary;
  }

  /** The ids of TEXT without start/end tokens or padding. */
  public int[] encode(String text) {
    List<int[]> parts = new ArrayList<>();
    int total = 0;
    Matcher m = PRE_TOKENS.matcher(TextCleaner.clean(text));
    while (m.find()) {
      String piece = ByteLevelAlphabet.encode(m.group().getBytes(StandardCharsets.UTF_8));
      int[] ids = cache.get(piece);
      if (ids == null) {
        ids = mergeWord(piece);
        if (cache.size() < MAX_CACHED_WORDS) cache.put(piece, ids);
      }
      parts.add(ids);
      total += ids.length;
    }
    int[] out = new int[total];
    int at = 0;
    for (int[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }

  /** Start token, ids, end token, zero padding: exactly {@link #contextLength()} ids; the end token is always kept. */
  public int[] tokenize(String text) {
    int[] ids = encode(text);
    int[] out = new int[contextLength];
    out[0] = vocabulary.startId();
    int n = Math.min(ids.length, contextLength - 2);
    System.arraycopy(ids, 0, out, 1, n);
    out[n + 1] = vocabulary.endId();
    return out;
  }

  public int[][] tokenize(List<String> texts) {
    int[][] out = new int[texts.size()][];
    for (int i = 0; i < out.length; i++) out[i] = tokenize(texts.get(i));
    return out;
  }

  /** Applies the merges to one pre-token (already in the byte-level alphabet), lowest rank first. */
  private int[] mergeWord(String piece) {
    if (piece.equals(BpeVocabulary.START) || piece.equals(BpeVocabulary.END)) return new int[] {vocabulary.id(piece)};
    List<String> symbols = new ArrayList<>(piece.length());
    for (int i = 0; i < piece.length(); i++) symbols.add(String.valueOf(piece.charAt(i)));
    int lastIndex = symbols.size() - 1;
    symbols.set(lastIndex, symbols.get(lastIndex) + END_OF_WORD);
    while (symbols.size() > 1) {
      int best = Integer.MAX_VALUE;
      String first = null;
      String second = null;
      for (int i = 0; i + 1 < symbols.size(); i++) {
        int r = vocabulary.rank(symbols.get(i), symbols.get(i + 1));
        if (r < best) {
          best = r;
          first = symbols.get(i);
          second = symbols.get(i + 1);
        }
      }
      if (first == null) break;
      // merge every occurrence of the best pair, left to right, as the reference does
      List<String> merged = new ArrayList<>(symbols.size());
      for (int i = 0; i < symbols.size(); i++) {
        if (i + 1 < symbols.size() && symbols.get(i).equals(first) && symbols.get(i + 1).equals(second)) {
          merged.add(first + second);
          i++;
        } else {
          merged.add(symbols.get(i));
        }
      }
      symbols = merged;
    }
    return symbols.stream().mapToInt(vocabulary::id).toArray();
  }

  @Override
  public String toString() {
    return "ClipTokenizer[" + vocabulary.source() + ", " + vocabulary.size() + " tokens, context " + contextLength + "]";
  }
}
