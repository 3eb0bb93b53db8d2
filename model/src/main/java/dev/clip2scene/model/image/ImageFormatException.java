package dev.clip2scene.model.image;

/** Encoded image data (PNG, JPEG) that is truncated, corrupt, of an unknown format or beyond the size limits. */
public final class ImageFormatException extends RuntimeException {
  public ImageFormatException(String message) {
    super(message);
  }

  public ImageFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
