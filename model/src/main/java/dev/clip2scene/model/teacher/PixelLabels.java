package dev.clip2scene.model.teacher;

import dev.clip2scene.model.loss.PseudoLabels;

/**
 * A teacher's per-pixel class ids on a grid that covers a whole image (possibly coarser than the image, as
 * MaskCLIP's 16-pixel patches are). {@link PseudoLabels#IGNORE} marks pixels without a label.
 */
public record PixelLabels(int width, int height, int[] labels) {
  public PixelLabels {
    if (width < 1 || height < 1 || labels.length != (long) width * height) {
      throw new IllegalArgumentException(labels.length + " labels for a " + width + " x " + height + " grid");
    }
  }

  /**
   * The label under image pixel (U, V) of an image IMAGE_WIDTH x IMAGE_HEIGHT, nearest grid cell; IGNORE outside
   * the image.
   */
  public int at(float u, float v, int imageWidth, int imageHeight) {
    int gx = (int) Math.floor(u * width / imageWidth);
    int gy = (int) Math.floor(v * height / imageHeight);
    if (gx < 0 || gy < 0 || gx >= width || gy >= height) return PseudoLabels.IGNORE;
    return labels[gy * width + gx];
  }

  /** These labels at every pixel of an IMAGE_WIDTH x IMAGE_HEIGHT image (nearest grid cell), row-major. */
  public int[] toImage(int imageWidth, int imageHeight) {
    int[] out = new int[imageWidth * imageHeight];
    for (int y = 0; y < imageHeight; y++) {
      for (int x = 0; x < imageWidth; x++) out[y * imageWidth + x] = at(x, y, imageWidth, imageHeight);
    }
    return out;
  }
}
