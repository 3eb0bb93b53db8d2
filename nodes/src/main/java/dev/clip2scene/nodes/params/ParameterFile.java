package dev.clip2scene.nodes.params;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A ROS 2 parameters YAML file: {@code node_name: {ros__parameters: {...}}}, node names plain, fully qualified
 * ({@code /ns/node}) or the wildcard {@code /**}. Nested maps flatten to dotted names, as ROS 2 does.
 */
public final class ParameterFile {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final String KEY = "ros__parameters";

  private final Path file;
  private final Map<String, Map<String, ParameterInput>> byNode;

  private ParameterFile(Path file, Map<String, Map<String, ParameterInput>> byNode) {
    this.file = file;
    this.byNode = byNode;
  }

  public static ParameterFile read(Path file) {
    JsonNode root;
    try {
      if (!Files.isRegularFile(file)) throw new ParameterException("parameters file " + file + " does not exist");
      root = YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new ParameterException("parameters file " + file + " is not valid YAML: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new ParameterException("parameters file " + file + ": expected 'node_name: {ros__parameters: ...}' at the top");
    }
    Map<String, Map<String, ParameterInput>> byNode = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> node = it.next();
      JsonNode params = node.getValue().get(KEY);
      if (params == null || !params.isObject()) {
        throw new ParameterException("parameters file " + file + ": node '" + node.getKey() + "' has no '" + KEY + "' map");
      }
      Map<String, ParameterInput> flat = new LinkedHashMap<>();
      flatten("", params, flat, file + " (node " + node.getKey() + ")");
      byNode.put(node.getKey(), flat);
    }
    return new ParameterFile(file, byNode);
  }

  private static void flatten(String prefix, JsonNode node, Map<String, ParameterInput> out, String source) {
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String name = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
      if (e.getValue().isObject()) {
        flatten(name, e.getValue(), out, source);
      } else {
        out.put(name, new ParameterInput(name, e.getValue(), source));
      }
    }
  }

  public Path file() {
    return file;
  }

  /**
   * The parameters for node NAME in NAMESPACE ("/" for none): the wildcard entry first, then the plain name, then
   * the fully qualified name, later ones winning.
   */
  public Map<String, ParameterInput> forNode(String name, String namespace) {
    String fq = ("/".equals(namespace) ? "" : namespace) + "/" + name;
    Map<String, ParameterInput> out = new LinkedHashMap<>();
    for (String key : new String[] {"/**", name, fq}) {
      Map<String, ParameterInput> p = byNode.get(key);
      if (p != null) out.putAll(p);
    }
    return out;
  }
}
