package dev.clip2scene.nodes.params;

/** A parameter file or override that cannot be used; the message names the parameter and its source. */
public final class ParameterException extends RuntimeException {
  public ParameterException(String message) {
    super(message);
  }

  public ParameterException(String message, Throwable cause) {
    super(message, cause);
  }
}
