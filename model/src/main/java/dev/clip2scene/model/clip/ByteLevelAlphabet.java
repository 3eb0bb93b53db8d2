package dev.clip2scene.model.clip;

/**
 * GPT-2/CLIP byte-level alphabet: every byte value maps to one printable Unicode character, so any UTF-8 text
 * becomes a string the byte-pair merges can work on and no input is ever unknown. Printable Latin-1 bytes map to
 * themselves; the others (controls, space, soft hyphen ...) map to U+0100 upwards in byte order.
 */
final class ByteLevelAlphabet {
  private static final char[] BYTE_TO_CHAR = build();
  /** The characters in vocabulary order: the printable bytes first, then the remapped ones. */
  private static final String VOCABULARY_ORDER = vocabularyOrder();

  private ByteLevelAlphabet() {}

  private static char[] build() {
    char[] table = new char[256];
    boolean[] printable = new boolean[256];
    for (int b = '!'; b <= '~'; b++) printable[b] = true;
    for (int b = 0xA1; b <= 0xAC; b++) printable[b] = true;
    for (int b = 0xAE; b <= 0xFF; b++) printable[b] = true;
    int next = 256;
    for (int b = 0; b < 256; b++) table[b] = printable[b] ? (char) b : (char) next++;
    return table;
  }

  private static String vocabularyOrder() {
    StringBuilder printable = new StringBuilder();
    StringBuilder remapped = new StringBuilder();
    for (char c : BYTE_TO_CHAR) (c < 256 ? printable : remapped).append(c);
    return printable.append(remapped).toString();
  }

  /** The 256 alphabet characters in the order they open CLIP's vocabulary (ids 0-255). */
  static String alphabet() {
    return VOCABULARY_ORDER;
  }

  static String encode(byte[] utf8) {
    StringBuilder sb = new StringBuilder(utf8.length);
    for (byte b : utf8) sb.append(BYTE_TO_CHAR[b & 0xff]);
    return sb.toString();
  }
}
