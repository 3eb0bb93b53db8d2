package dev.clip2scene.model.io;

/** A weights or array file that is missing, malformed, or holds a tensor of the wrong dtype or shape. */
public final class TensorFileException extends RuntimeException {
  public TensorFileException(String message) {
    super(message);
  }

  public TensorFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
