package dev.clip2scene.model.sim;

import dev.clip2scene.model.image.RgbImage;
import dev.clip2scene.model.loss.PseudoLabels;
import dev.clip2scene.model.teacher.PixelLabels;

/**
 * A rendered camera image and its ground truth: LABELS holds one class id per pixel, row-major, or
 * {@link PseudoLabels#IGNORE_STORED} where the pixel sees the sky.
 */
public record CameraFrame(RgbImage image, byte[] labels) {
  public CameraFrame {
    if (labels.length != image.width() * image.height()) {
      throw new IllegalArgumentException(labels.length + " labels for a " + image.width() + " x " + image.height() + " image");
    }
  }

  /** The class id at pixel (X, Y), or -1 for no class. */
  public int label(int x, int y) {
    int v = labels[y * image.width() + x] & 0xff;
    return v == PseudoLabels.IGNORE_STORED ? PseudoLabels.IGNORE : v;
  }

  /** The label image as pixel labels at image resolution, IGNORE where no class. */
  public PixelLabels truth() {
    int[] out = new int[labels.length];
    for (int p = 0; p < out.length; p++) {
      int v = labels[p] & 0xff;
      out[p] = v == PseudoLabels.IGNORE_STORED ? PseudoLabels.IGNORE : v;
    }
    return new PixelLabels(image.width(), image.height(), out);
  }
}
