package dev.clip2scene.nodes.params;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.List;

/**
 * One parameter value as given, before it meets its declaration, and where it came from (a file, the command line),
 * for error messages. Values are YAML scalars or lists, as ROS 2 writes them: {@code 3}, {@code 0.5}, {@code true},
 * {@code [a, b]}; {@link ParameterValue} is the typed value a declaration makes of it.
 */
public record ParameterInput(String name, JsonNode value, String source) {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /**
   * Parses TEXT the way `-p name:=TEXT` is parsed by ROS 2: as a YAML value, except that only true and false are
   * booleans (YAML 1.2), so that `-p fusion:=off` means the word off.
   */
  public static ParameterInput parse(String name, String text, String source) {
    try {
      JsonNode v = text.isEmpty() ? YAML.getNodeFactory().textNode("") : YAML.readTree(text);
      boolean yaml11Word = v != null && v.isBoolean() && !text.strip().equalsIgnoreCase(String.valueOf(v.booleanValue()));
      return new ParameterInput(name, v == null || yaml11Word ? YAML.getNodeFactory().textNode(text) : v, source);
    } catch (Exception e) {
      return new ParameterInput(name, YAML.getNodeFactory().textNode(text), source);
    }
  }

  public String asString() {
    if (!value.isValueNode()) throw wrong("a string");
    return value.asText();
  }

  public long asLong() {
    if (!value.isIntegralNumber()) throw wrong("an integer");
    return value.asLong();
  }

  public double asDouble() {
    if (!value.isNumber()) throw wrong("a number");
    return value.asDouble();
  }

  public boolean asBoolean() {
    if (!value.isBoolean()) throw wrong("true or false");
    return value.asBoolean();
  }

  public List<String> asStringList() {
    if (!value.isArray()) throw wrong("a list");
    return java.util.stream.StreamSupport.stream(value.spliterator(), false).map(JsonNode::asText).toList();
  }

  public List<Double> asDoubleList() {
    if (!value.isArray()) throw wrong("a list of numbers");
    return java.util.stream.StreamSupport.stream(value.spliterator(), false).map(n -> {
      if (!n.isNumber()) throw wrong("a list of numbers");
      return n.asDouble();
    }).toList();
  }

  private ParameterException wrong(String expected) {
    return new ParameterException("parameter '" + name + "' from " + source + " is " + value + ", expected " + expected);
  }
}
