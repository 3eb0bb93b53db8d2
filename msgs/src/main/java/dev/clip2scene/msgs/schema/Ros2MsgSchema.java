package dev.clip2scene.msgs.schema;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The ros2msg schema text rosbag2 stores for a type: the top-level definition, then for every message type it
 * depends on (depth first, each once) a line of 80 '=' and "MSG: pkg/Type" followed by that definition.
 */
public final class Ros2MsgSchema {
  public static final String SEPARATOR = "=".repeat(80);
  private static final String MSG_PREFIX = "MSG: ";

  private Ros2MsgSchema() {}

  /** The schema text of ROOT ("pkg/Type"), looking definitions up with DEFINITIONS. */
  public static String compose(String root, Function<String, MsgDefinition> definitions) {
    Map<String, MsgDefinition> ordered = new LinkedHashMap<>();
    collect(definitions.apply(root), definitions, ordered);
    StringBuilder sb = new StringBuilder();
    for (MsgDefinition d : ordered.values()) {
      if (sb.length() > 0) sb.append(SEPARATOR).append('\n').append(MSG_PREFIX).append(d.name()).append('\n');
      sb.append(d.text().strip()).append('\n');
    }
    return sb.toString();
  }

  private static void collect(MsgDefinition d, Function<String, MsgDefinition> lookup, Map<String, MsgDefinition> out) {
    out.put(d.name(), d);
    for (MsgField f : d.fields()) {
      if (f.isMessage() && !out.containsKey(f.type())) collect(lookup.apply(f.type()), lookup, out);
    }
  }

  /**
   * Splits a schema text (as found in a bag) into its definitions, keyed "pkg/Type"; ROOT ("pkg/Type" or
   * "pkg/msg/Type") names the top-level one. Comments are ignored.
   */
  public static Map<String, MsgDefinition> parse(String root, String text) {
    Map<String, MsgDefinition> out = new LinkedHashMap<>();
    String name = MsgDefinition.resolve("", root);
    StringBuilder body = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      String l = line.strip();
      if (l.equals(SEPARATOR)) {
        out.put(name, MsgDefinition.parse(name, body.toString()));
        body.setLength(0);
        name = null;
      } else if (name == null && l.startsWith(MSG_PREFIX)) {
        name = MsgDefinition.resolve("", l.substring(MSG_PREFIX.length()).strip());
      } else if (name == null && !l.isEmpty()) {
        throw new IllegalArgumentException("schema of " + root + ": expected 'MSG: pkg/Type' after a separator, got '" + l + "'");
      } else {
        body.append(line).append('\n');
      }
    }
    if (name != null) out.put(name, MsgDefinition.parse(name, body.toString()));
    return out;
  }
}
