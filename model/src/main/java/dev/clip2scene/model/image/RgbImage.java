package dev.clip2scene.model.image;

/** An 8-bit RGB image, interleaved row-major: rgb[(y * width + x) * 3 + channel]. */
public record RgbImage(int width, int height, byte[] rgb) {
  public RgbImage {
    if (width <= 0 || height <= 0) throw new IllegalArgumentException("image size " + width + " x " + height + " is empty");
    if ((long) width * height * 3 != rgb.length) {
      throw new IllegalArgumentException(rgb.length + " bytes for a " + width + " x " + height + " RGB image (needs "
          + (long) width * height * 3 + ")");
    }
  }
}
