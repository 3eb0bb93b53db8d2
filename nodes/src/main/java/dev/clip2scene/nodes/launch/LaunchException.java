package dev.clip2scene.nodes.launch;

/** A launch file that cannot be evaluated or run; the message names the file and the element. */
public final class LaunchException extends RuntimeException {
  public LaunchException(String message) {
    super(message);
  }

  public LaunchException(String message, Throwable cause) {
    super(message, cause);
  }
}
