package dev.clip2scene.nodes.bag;

/**
 * A message type's definition as a bag stores it: {@code encoding} "ros2msg" (or "ros2idl"), {@code text} the
 * top-level .msg followed by its dependencies. Bags from before Iron carry none: {@link #NONE}.
 */
public record MessageDefinition(String encoding, String text) {
  public static final MessageDefinition NONE = new MessageDefinition("", "");

  public MessageDefinition {
    encoding = encoding == null ? "" : encoding;
    text = text == null ? "" : text;
  }

  public boolean isEmpty() {
    return text.isEmpty();
  }
}
