package dev.clip2scene.nodes.cli.bag;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/** JSON lines (--json) and YAML documents (for people) of the bag verbs. */
final class CliJson {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final YAMLMapper YAML = new YAMLMapper();

  private CliJson() {}

  static ObjectNode object() {
    return JSON.createObjectNode();
  }

  static String line(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always renders", e);
    }
  }

  /** A YAML document ("---" first), as `ros2 topic echo` prints messages. */
  static String yaml(JsonNode node) {
    try {
      return YAML.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always renders", e);
    }
  }
}
