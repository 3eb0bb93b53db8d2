package dev.clip2scene.nodes.launch;

import java.util.ArrayList;
import java.util.List;

/**
 * ROS 2 launch substitutions in attribute text: {@code $(var NAME)}, {@code $(env NAME [DEFAULT])},
 * {@code $(find-pkg-share PKG)} (this package only: its installation or repository root), {@code $(dirname)};
 * substitutions may nest, as in {@code $(env X $(var y))}.
 */
final class Substitutions {
  private Substitutions() {}

  static String resolve(String text, LaunchScope scope, String origin) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      int start = text.indexOf("$(", i);
      if (start < 0) {
        out.append(text, i, text.length());
        break;
      }
      out.append(text, i, start);
      int end = matchingParen(text, start + 2, origin);
      out.append(evaluate(text.substring(start + 2, end), scope, origin));
      i = end + 1;
    }
    return out.toString();
  }

  private static int matchingParen(String text, int from, String origin) {
    int depth = 1;
    for (int k = from; k < text.length(); k++) {
      char c = text.charAt(k);
      if (c == '(') depth++;
      if (c == ')' && --depth == 0) return k;
    }
    throw new LaunchException(origin + ": unclosed substitution in '" + text + "'");
  }

  private static String evaluate(String body, LaunchScope scope, String origin) {
    List<String> words = words(resolveInner(body, scope, origin));
    if (words.isEmpty()) throw new LaunchException(origin + ": empty substitution $()");
    String kind = words.get(0);
    switch (kind) {
      case "var" -> {
        need(words, 2, 2, body, origin);
        String v = scope.vars.get(words.get(1));
        if (v == null) throw new LaunchException(origin + ": $(var " + words.get(1) + ") is not a declared argument or let");
        return v;
      }
      case "env" -> {
        need(words, 2, 3, body, origin);
        String v = scope.env.get(words.get(1));
        if (v != null) return v;
        if (words.size() == 3) return words.get(2);
        throw new LaunchException(origin + ": environment variable " + words.get(1) + " is not set and $(env) has no default");
      }
      case "find-pkg-share" -> {
        need(words, 2, 2, body, origin);
        if (!ClipExecutables.PACKAGE.equals(words.get(1))) {
          throw new LaunchException(origin + ": $(find-pkg-share " + words.get(1) + ") needs a ROS install (only clip2scene resolves here)");
        }
        return scope.packageRoot.toString();
      }
      case "dirname" -> {
        need(words, 1, 1, body, origin);
        return scope.file.toAbsolutePath().getParent().toString();
      }
      default -> throw new LaunchException(origin + ": unsupported substitution $(" + body
          + ") (supported: var, env, find-pkg-share, dirname)");
    }
  }

  private static String resolveInner(String body, LaunchScope scope, String origin) {
    return body.contains("$(") ? resolve(body, scope, origin) : body;
  }

  private static void need(List<String> words, int min, int max, String body, String origin) {
    if (words.size() < min || words.size() > max) throw new LaunchException(origin + ": malformed substitution $(" + body + ")");
  }

  /** Splits on spaces, keeping single- or double-quoted words together (quotes removed). */
  static List<String> words(String s) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    char quote = 0;
    boolean any = false;
    for (char c : s.toCharArray()) {
      if (quote != 0) {
        if (c == quote) quote = 0;
        else cur.append(c);
      } else if (c == '\'' || c == '"') {
        quote = c;
        any = true;
      } else if (Character.isWhitespace(c)) {
        if (any || cur.length() > 0) out.add(cur.toString());
        cur.setLength(0);
        any = false;
      } else {
        cur.append(c);
      }
    }
    if (any || cur.length() > 0) out.add(cur.toString());
    return out;
  }
}
