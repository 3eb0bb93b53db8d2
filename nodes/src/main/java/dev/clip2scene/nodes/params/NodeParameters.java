package dev.clip2scene.nodes.params;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A node's parameters, resolved as ROS 2 does: parameter files in the order given, then {@code -p} overrides.
 * Typed getters take the node's default; a value of the wrong type is an error naming parameter and source.
 */
public final class NodeParameters {
  private final String node;
  private final Map<String, ParameterInput> values;

  private NodeParameters(String node, Map<String, ParameterInput> values) {
    this.node = node;
    this.values = values;
  }

  /** The parameters of node NAME (unless renamed by __node) in NAMESPACE from ARGS. */
  public static NodeParameters resolve(String defaultName, RosArgs args) {
    String name = args.nodeName() != null ? args.nodeName() : defaultName;
    String ns = args.namespace() != null ? args.namespace() : "/";
    Map<String, ParameterInput> values = new LinkedHashMap<>();
    for (Path f : args.paramFiles()) values.putAll(ParameterFile.read(f).forNode(name, ns));
    args.overrides().forEach((k, v) -> values.put(k, ParameterInput.parse(k, v, "the command line (-p " + k + ":=" + v + ")")));
    return new NodeParameters(name, values);
  }

  public String node() {
    return node;
  }

  public Map<String, ParameterInput> all() {
    return Collections.unmodifiableMap(values);
  }

  public boolean has(String name) {
    return values.containsKey(name);
  }

  public String getString(String name, String def) {
    return get(name, def, ParameterInput::asString);
  }

  public long getLong(String name, long def) {
    return get(name, def, ParameterInput::asLong);
  }

  public double getDouble(String name, double def) {
    return get(name, def, ParameterInput::asDouble);
  }

  public boolean getBoolean(String name, boolean def) {
    return get(name, def, ParameterInput::asBoolean);
  }

  public List<String> getStringList(String name, List<String> def) {
    return get(name, def, ParameterInput::asStringList);
  }

  public List<Double> getDoubleList(String name, List<Double> def) {
    return get(name, def, ParameterInput::asDoubleList);
  }

  private <T> T get(String name, T def, Function<ParameterInput, T> as) {
    ParameterInput v = values.get(name);
    return v == null ? def : as.apply(v);
  }
}
