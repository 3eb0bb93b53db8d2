package dev.clip2scene.nodes.params;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One declared parameter of a node: name, type, default, description, the values it accepts, and whether it can
 * change while the node runs (with the reason when it cannot). Built with the static factories and the copy methods,
 * e.g. {@code integer("queue_depth", 1, "...").range(1, 100).live()}.
 *
 * @param range inclusive bounds for numbers (each element of a number list), or null
 * @param choices the accepted strings (each element of a string list), or empty for any
 * @param sizes the accepted lengths of a list, or empty for any
 * @param readOnlyReason why the parameter cannot change while the node runs, or null when it can
 */
public record ParameterDeclaration(String name, ParameterType type, ParameterValue defaultValue, String description,
    Range range, List<String> choices, Set<Integer> sizes, String readOnlyReason) {

  /** Read-only reason of a parameter declared without {@link #live()} or {@link #readOnly(String)}. */
  public static final String READ_AT_START = "read once at start; restart the node to change it";

  /** Inclusive bounds. */
  public record Range(double from, double to) {
    public Range {
      if (!(from <= to)) throw new IllegalArgumentException("empty range [" + from + ", " + to + "]");
    }

    boolean contains(double v) {
      return v >= from && v <= to;
    }
  }

  public ParameterDeclaration {
    if (name == null || name.isEmpty() || !name.matches("[A-Za-z][A-Za-z0-9_.]*")) {
      throw new IllegalArgumentException("bad parameter name '" + name + "'");
    }
    if (defaultValue.type() != type) {
      throw new IllegalArgumentException(name + ": default " + defaultValue + " is not a " + type.rosName());
    }
    if (description == null || description.isBlank()) throw new IllegalArgumentException(name + ": no description");
    choices = List.copyOf(choices);
    sizes = Set.copyOf(sizes);
    if (range != null && type.element() != ParameterType.INTEGER && type.element() != ParameterType.DOUBLE) {
      throw new IllegalArgumentException(name + ": a range needs a number type, not " + type.rosName());
    }
    if (!choices.isEmpty() && type.element() != ParameterType.STRING) {
      throw new IllegalArgumentException(name + ": choices need a string type, not " + type.rosName());
    }
    if (!sizes.isEmpty() && !type.isArray()) throw new IllegalArgumentException(name + ": sizes need a list type");
  }

  private static ParameterDeclaration of(String name, ParameterValue def, String description) {
    return new ParameterDeclaration(name, def.type(), def, description, null, List.of(), Set.of(), READ_AT_START);
  }

  public static ParameterDeclaration bool(String name, boolean def, String description) {
    return of(name, ParameterValue.of(def), description);
  }

  public static ParameterDeclaration integer(String name, long def, String description) {
    return of(name, ParameterValue.of(def), description);
  }

  public static ParameterDeclaration real(String name, double def, String description) {
    return of(name, ParameterValue.of(def), description);
  }

  public static ParameterDeclaration string(String name, String def, String description) {
    return of(name, ParameterValue.of(def), description);
  }

  public static ParameterDeclaration integers(String name, List<Long> def, String description) {
    return of(name, ParameterValue.ofLongs(def), description);
  }

  public static ParameterDeclaration reals(String name, List<Double> def, String description) {
    return of(name, ParameterValue.ofDoubles(def), description);
  }

  public static ParameterDeclaration strings(String name, List<String> def, String description) {
    return of(name, ParameterValue.ofStrings(def), description);
  }

  /** This declaration accepting numbers in [from, to] only. */
  public ParameterDeclaration range(double from, double to) {
    ParameterDeclaration d = new ParameterDeclaration(name, type, defaultValue, description, new Range(from, to), choices, sizes, readOnlyReason);
    d.requireValidDefault();
    return d;
  }

  /** This declaration accepting these strings only. */
  public ParameterDeclaration choices(String... accepted) {
    ParameterDeclaration d = new ParameterDeclaration(name, type, defaultValue, description, range, List.of(accepted), sizes, readOnlyReason);
    d.requireValidDefault();
    return d;
  }

  /** This (list) declaration accepting lists of these lengths only. */
  public ParameterDeclaration sizes(Integer... accepted) {
    ParameterDeclaration d = new ParameterDeclaration(name, type, defaultValue, description, range, choices, Set.of(accepted), readOnlyReason);
    d.requireValidDefault();
    return d;
  }

  /** This declaration, changeable while the node runs. */
  public ParameterDeclaration live() {
    return new ParameterDeclaration(name, type, defaultValue, description, range, choices, sizes, null);
  }

  /** This declaration, fixed while the node runs, for REASON. */
  public ParameterDeclaration readOnly(String reason) {
    return new ParameterDeclaration(name, type, defaultValue, description, range, choices, sizes, reason);
  }

  public boolean isLive() {
    return readOnlyReason == null;
  }

  private void requireValidDefault() {
    String problem = problem(defaultValue);
    if (problem != null) throw new IllegalArgumentException(name + ": the default " + problem);
  }

  /** VALUE (from SOURCE) checked against this declaration; the error names the parameter, the source and the rule. */
  public ParameterValue check(ParameterValue value, String source) {
    if (value.type() != type) {
      throw new ParameterException("parameter '" + name + "' from " + source + " is a " + value.type().rosName() + " ("
          + value + "), expected " + ParameterValue.describe(type));
    }
    String problem = problem(value);
    if (problem != null) throw new ParameterException("parameter '" + name + "' from " + source + ": " + problem);
    return value;
  }

  /** What is wrong with a value of the right type, or null. */
  private String problem(ParameterValue value) {
    List<?> elements = type.isArray() ? (List<?>) value.value() : List.of(value.value());
    if (!sizes.isEmpty() && !sizes.contains(elements.size())) {
      return value + " has " + elements.size() + " values, expected " + sizes.stream().sorted().map(String::valueOf)
          .collect(Collectors.joining(" or "));
    }
    for (Object e : elements) {
      if (range != null && !range.contains(((Number) e).doubleValue())) return value + " is outside " + rangeText();
      if (!choices.isEmpty() && !choices.contains(e)) return value + " is not one of " + String.join(", ", choices);
    }
    return null;
  }

  /** "[1, 100]": the range as the node's documentation writes it, integers without decimals. */
  public String rangeText() {
    return range == null ? "" : "[" + number(range.from()) + ", " + number(range.to()) + "]";
  }

  private String number(double v) {
    return type.element() == ParameterType.INTEGER ? Long.toString((long) v) : ParameterValue.of(v).yaml();
  }

  /** The accepted values in words ("" when anything of the type goes), for help texts and describe answers. */
  public String constraintText() {
    StringBuilder b = new StringBuilder();
    if (range != null) b.append("range ").append(rangeText());
    if (!choices.isEmpty()) b.append(b.length() > 0 ? "; " : "").append("one of ").append(String.join(", ", choices));
    if (!sizes.isEmpty()) {
      b.append(b.length() > 0 ? "; " : "").append(sizes.stream().sorted().map(String::valueOf).collect(Collectors.joining(" or "))).append(" values");
    }
    return b.toString();
  }
}
