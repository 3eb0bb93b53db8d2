package dev.clip2scene.nodes.params;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A typed parameter value, as rcl_interfaces/msg/ParameterValue carries it: a bool, a 64-bit integer, a double, a
 * string, or an array of one of those. {@code value} is a Boolean, Long, Double, String or an unmodifiable List of one
 * of those, matching {@code type}.
 */
public record ParameterValue(ParameterType type, Object value) {
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z_/.~][A-Za-z0-9_/.~\\-]*");
  private static final List<String> YAML_WORDS = List.of("true", "false", "yes", "no", "on", "off", "null", "y", "n", "~");

  public ParameterValue {
    if (type == null || value == null) throw new IllegalArgumentException("a parameter value needs a type and a value");
    if (type.isArray()) {
      if (!(value instanceof List<?> list)) throw new IllegalArgumentException(type.rosName() + " needs a list, got " + value);
      for (Object e : list) requireScalar(type.element(), e);
      value = List.copyOf(list);
    } else {
      requireScalar(type, value);
    }
  }

  private static void requireScalar(ParameterType t, Object v) {
    boolean ok = switch (t) {
      case BOOL -> v instanceof Boolean;
      case INTEGER -> v instanceof Long;
      case DOUBLE -> v instanceof Double;
      case STRING -> v instanceof String;
      default -> false;
    };
    if (!ok) throw new IllegalArgumentException(t.rosName() + " value expected, got " + v + (v == null ? "" : " (" + v.getClass().getSimpleName() + ")"));
  }

  public static ParameterValue of(boolean v) {
    return new ParameterValue(ParameterType.BOOL, v);
  }

  public static ParameterValue of(long v) {
    return new ParameterValue(ParameterType.INTEGER, v);
  }

  public static ParameterValue of(double v) {
    return new ParameterValue(ParameterType.DOUBLE, v);
  }

  public static ParameterValue of(String v) {
    return new ParameterValue(ParameterType.STRING, v);
  }

  public static ParameterValue ofBools(List<Boolean> v) {
    return new ParameterValue(ParameterType.BOOL_ARRAY, v);
  }

  public static ParameterValue ofLongs(List<Long> v) {
    return new ParameterValue(ParameterType.INTEGER_ARRAY, v);
  }

  public static ParameterValue ofDoubles(List<Double> v) {
    return new ParameterValue(ParameterType.DOUBLE_ARRAY, v);
  }

  public static ParameterValue ofStrings(List<String> v) {
    return new ParameterValue(ParameterType.STRING_ARRAY, v);
  }

  /**
   * The value of INPUT as TYPE. Integers are accepted where doubles are declared, and any scalar where a string is
   * (as `-p frame:=7` means the frame "7"); anything else is an error naming the parameter and where it came from.
   */
  public static ParameterValue from(ParameterInput input, ParameterType type) {
    JsonNode n = input.value();
    if (type.isArray()) {
      if (!n.isArray()) throw wrongType(input, type);
      List<Object> out = new ArrayList<>();
      for (JsonNode e : n) {
        Object v = scalar(e, type.element());
        if (v == null) throw wrongType(input, type);
        out.add(v);
      }
      return new ParameterValue(type, out);
    }
    if (type == ParameterType.STRING && n.isBoolean()) {
      throw new ParameterException("parameter '" + input.name() + "' from " + input.source() + " is the YAML boolean " + n
          + " (YAML reads yes, no, on and off as booleans), expected a string: quote it, e.g. " + input.name() + ": \"off\"");
    }
    Object v = scalar(n, type);
    if (v == null) throw wrongType(input, type);
    return new ParameterValue(type, v);
  }

  private static Object scalar(JsonNode n, ParameterType t) {
    return switch (t) {
      case BOOL -> n.isBoolean() ? n.booleanValue() : null;
      case INTEGER -> n.isIntegralNumber() && n.canConvertToLong() ? n.longValue() : null;
      case DOUBLE -> n.isNumber() ? n.doubleValue() : null;
      case STRING -> n.isValueNode() && !n.isNull() ? n.asText() : null;
      default -> null;
    };
  }

  private static ParameterException wrongType(ParameterInput input, ParameterType type) {
    return new ParameterException("parameter '" + input.name() + "' from " + input.source() + " is " + input.value()
        + ", expected " + describe(type));
  }

  /** "an integer", "a list of numbers", ...: the type in words, for messages. */
  public static String describe(ParameterType type) {
    return switch (type) {
      case BOOL -> "true or false";
      case INTEGER -> "an integer";
      case DOUBLE -> "a number";
      case STRING -> "a string";
      case BOOL_ARRAY -> "a list of true/false values";
      case INTEGER_ARRAY -> "a list of integers";
      case DOUBLE_ARRAY -> "a list of numbers";
      case STRING_ARRAY -> "a list of strings";
    };
  }

  public boolean asBool() {
    return (Boolean) as(ParameterType.BOOL);
  }

  public long asLong() {
    return (Long) as(ParameterType.INTEGER);
  }

  public double asDouble() {
    return (Double) as(ParameterType.DOUBLE);
  }

  public String asString() {
    return (String) as(ParameterType.STRING);
  }

  @SuppressWarnings("unchecked")
  public List<Boolean> asBools() {
    return (List<Boolean>) as(ParameterType.BOOL_ARRAY);
  }

  @SuppressWarnings("unchecked")
  public List<Long> asLongs() {
    return (List<Long>) as(ParameterType.INTEGER_ARRAY);
  }

  @SuppressWarnings("unchecked")
  public List<Double> asDoubles() {
    return (List<Double>) as(ParameterType.DOUBLE_ARRAY);
  }

  @SuppressWarnings("unchecked")
  public List<String> asStrings() {
    return (List<String>) as(ParameterType.STRING_ARRAY);
  }

  private Object as(ParameterType expected) {
    if (type != expected) throw new IllegalStateException("a " + type.rosName() + " value read as " + expected.rosName());
    return value;
  }

  /** The value as YAML flow text, which {@link ParameterInput#parse} reads back to the same value. */
  public String yaml() {
    if (value instanceof List<?> list) {
      StringBuilder b = new StringBuilder("[");
      for (Object e : list) b.append(b.length() > 1 ? ", " : "").append(scalarYaml(e));
      return b.append(']').toString();
    }
    return scalarYaml(value);
  }

  private static String scalarYaml(Object v) {
    if (v instanceof Double d) {
      if (d.isNaN()) return ".nan";
      if (d.isInfinite()) return d > 0 ? ".inf" : "-.inf";
      // YAML 1.1 floats need a '.' and a signed exponent: 1.0e+20, not 1.0E20
      String s = Double.toString(d).toLowerCase(Locale.ROOT);
      int e = s.indexOf('e');
      return e >= 0 && s.charAt(e + 1) != '-' ? s.substring(0, e + 1) + "+" + s.substring(e + 1) : s;
    }
    if (v instanceof String s) {
      boolean plain = PLAIN.matcher(s).matches() && !YAML_WORDS.contains(s.toLowerCase(Locale.ROOT)) && !s.startsWith("~");
      return plain ? s : "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
    return String.valueOf(v);
  }

  @Override
  public String toString() {
    return yaml();
  }
}
