package dev.clip2scene.model.clip;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text clean-up CLIP applies before tokenising, restricted to what Java has without ftfy: Unicode NFC
 * normalisation, unescaping of numeric HTML entities and the common named ones (twice, as the reference does for
 * double-escaped text), whitespace runs collapsed to one space and trimmed, then lower-casing. ftfy's repair of
 * mis-decoded text (mojibake) is not reproduced; text that is already valid Unicode tokenises the same.
 */
final class TextCleaner {
  private static final Pattern ENTITY = Pattern.compile("&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,6});");
  private static final Pattern WHITESPACE = Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);
  private static final Map<String, String> NAMED = Map.of(
      "amp", "&", "lt", "<", "gt", ">", "quot", "\"", "apos", "'", "nbsp", "\u00a0");

  private TextCleaner() {}

  static String clean(String text) {
    String t = Normalizer.normalize(text, Normalizer.Form.NFC);
    t = unescapeHtml(unescapeHtml(t));
    t = WHITESPACE.matcher(t).replaceAll(" ").strip();
    return t.toLowerCase(Locale.ROOT);
  }

  static String unescapeHtml(String text) {
    if (text.indexOf('&') < 0) return text;
    Matcher m = ENTITY.matcher(text);
    StringBuilder sb = new StringBuilder(text.length());
    while (m.find()) {
      String body = m.group(1);
      String replacement = m.group();
      if (body.charAt(0) == '#') {
        boolean hex = body.length() > 1 && (body.charAt(1) == 'x' || body.charAt(1) == 'X');
        int cp = Integer.parseInt(body.substring(hex ? 2 : 1), hex ? 16 : 10);
        if (Character.isValidCodePoint(cp) && cp != 0) replacement = new String(Character.toChars(cp));
      } else {
        replacement = NAMED.getOrDefault(body, replacement);
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(sb);
    return sb.toString();
  }
}
