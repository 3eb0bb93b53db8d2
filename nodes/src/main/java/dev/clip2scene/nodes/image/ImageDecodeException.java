package dev.clip2scene.nodes.image;

/** An image message that cannot become an RGB raster: unknown encoding, wrong sizes, corrupt compressed data. */
public final class ImageDecodeException extends RuntimeException {
  public ImageDecodeException(String message) {
    super(message);
  }

  public ImageDecodeException(String message, Throwable cause) {
    super(message, cause);
  }
}
