package dev.clip2scene.nodes.params;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every declared parameter of a node with its checked value at start (the default where nothing set it), where each
 * value came from, and warnings about names the node does not declare.
 *
 * @param nodeName the node's name after {@code -r __node:=...}
 * @param namespace the node's namespace ("/" when none)
 */
public record ResolvedParameters(ParameterTable table, String nodeName, String namespace, Map<String, ParameterValue> values,
    Map<String, String> sources, List<String> warnings) {

  public ResolvedParameters {
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    sources = Collections.unmodifiableMap(new LinkedHashMap<>(sources));
    warnings = List.copyOf(warnings);
  }

  public ParameterValue value(String name) {
    table.get(name);
    return values.get(name);
  }

  /** Where NAME's value came from: a file (and node key), the command line, or "the default". */
  public String source(String name) {
    table.get(name);
    return sources.get(name);
  }

  public boolean bool(String name) {
    return value(name).asBool();
  }

  public long integer(String name) {
    return value(name).asLong();
  }

  /** An integer parameter that must fit an int (its declared range should say so; this is the last guard). */
  public int intValue(String name) {
    long v = integer(name);
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw new ParameterException("parameter '" + name + "' from " + source(name) + " = " + v + " is out of range");
    }
    return (int) v;
  }

  public double real(String name) {
    return value(name).asDouble();
  }

  public String string(String name) {
    return value(name).asString();
  }

  public List<Long> integers(String name) {
    return value(name).asLongs();
  }

  public List<Double> reals(String name) {
    return value(name).asDoubles();
  }

  public List<String> strings(String name) {
    return value(name).asStrings();
  }
}
