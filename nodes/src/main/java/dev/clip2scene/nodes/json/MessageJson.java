package dev.clip2scene.nodes.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * JSON for decoded ROS messages (the records of msgs): field names in ROS's snake_case (frame_id, point_step),
 * uint8[] as base64, nested messages as objects. One object per line for command-line output.
 */
public final class MessageJson {
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

  private MessageJson() {}

  /** The message as a JSON tree. */
  public static ObjectNode tree(Object message) {
    return MAPPER.valueToTree(message);
  }

  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** One line of JSON. */
  public static String line(Object jsonOrMessage) {
    try {
      return MAPPER.writeValueAsString(jsonOrMessage);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not renderable as JSON: " + e.getOriginalMessage(), e);
    }
  }
}
