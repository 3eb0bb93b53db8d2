package dev.clip2scene.msgs.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed .msg definition of NAME ("pkg/Type"): its fields and constants in order, and the definition text as
 * written (comment-free field lists in our resources; comments are skipped when parsing foreign schema texts).
 */
public record MsgDefinition(String name, List<MsgField> fields, String text) {
  private static final Pattern ARRAY = Pattern.compile("^(.*)\\[(<=)?(\\d*)]$");
  private static final Pattern CONSTANT = Pattern.compile("^(\\w+)\\s*=(.*)$");
  private static final Pattern BOUNDED_STRING = Pattern.compile("^(w?string)<=\\d+$");

  public MsgDefinition {
    fields = List.copyOf(fields);
  }

  /** The package of NAME ("sensor_msgs" for "sensor_msgs/PointCloud2"). */
  public String pkg() {
    return name.substring(0, name.indexOf('/'));
  }

  /** Fields that occupy bytes on the wire (constants excluded), in order. */
  public List<MsgField> dataFields() {
    return fields.stream().filter(f -> !f.isConstant()).toList();
  }

  /** Parses TEXT as the definition of NAME ("pkg/Type"); unqualified message types resolve to NAME's package. */
  public static MsgDefinition parse(String name, String text) {
    String pkg = name.substring(0, name.indexOf('/'));
    List<MsgField> fields = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) continue;
      try {
        fields.add(parseLine(pkg, line));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("definition of " + name + ", line " + (i + 1) + " '" + line + "': "
            + e.getMessage(), e);
      }
    }
    return new MsgDefinition(name, fields, text);
  }

  private static MsgField parseLine(String pkg, String line) {
    String[] typeAndRest = line.split("\\s+", 2);
    if (typeAndRest.length < 2) throw new IllegalArgumentException("expected '<type> <name>'");
    String typeSpec = typeAndRest[0];
    String rest = typeAndRest[1];
    MsgField.Kind kind = MsgField.Kind.SCALAR;
    int length = -1;
    Matcher array = ARRAY.matcher(typeSpec);
    if (array.matches()) {
      typeSpec = array.group(1);
      boolean fixed = array.group(2) == null && !array.group(3).isEmpty();
      kind = fixed ? MsgField.Kind.FIXED_ARRAY : MsgField.Kind.SEQUENCE;
      length = fixed ? Integer.parseInt(array.group(3)) : 0;
    }
    Matcher bounded = BOUNDED_STRING.matcher(typeSpec);
    if (bounded.matches()) typeSpec = bounded.group(1);
    String type = resolve(pkg, typeSpec);

    Matcher constant = CONSTANT.matcher(rest);
    if (constant.matches()) {
      String value = constant.group(2).strip();
      return new MsgField(type, constant.group(1), MsgField.Kind.CONSTANT, -1,
          type.equals("string") ? value : stripComment(value));
    }
    rest = stripComment(rest);
    String[] nameAndDefault = rest.split("\\s+", 2);
    String defaultValue = nameAndDefault.length > 1 ? nameAndDefault[1].strip() : null;
    return new MsgField(type, nameAndDefault[0], kind, length, defaultValue);
  }

  private static String stripComment(String s) {
    int hash = s.indexOf('#');
    return (hash >= 0 ? s.substring(0, hash) : s).strip();
  }

  /** "pkg/msg/Type" or "pkg/Type" -> "pkg/Type", the form schema texts use. */
  public static String resolveName(String name) {
    return resolve("", name.strip());
  }

  /** "pkg/Type" or "pkg/msg/Type" -> "pkg/msg/Type", the form topics and bags use. */
  public static String rosName(String name) {
    String n = resolveName(name);
    int slash = n.indexOf('/');
    return slash < 0 ? n : n.substring(0, slash) + "/msg" + n.substring(slash);
  }

  /** "PointField" in sensor_msgs -> "sensor_msgs/PointField"; "std_msgs/msg/Header" -> "std_msgs/Header". */
  static String resolve(String pkg, String type) {
    if (MsgField.isPrimitive(type)) return type;
    String t = type.replace("/msg/", "/");
    return t.contains("/") ? t : pkg + "/" + t;
  }
}
