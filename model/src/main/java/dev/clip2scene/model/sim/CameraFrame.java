package dev.clip2scene.model.sim;

import dev.clip2scene.model.image.RgbImage;

/**
 * A rendered camera image and its ground truth: LABELS holds one class id per pixel, row-major, or
 * {@link SceneClass#NO_LABEL_8BIT} where the pixel sees the sky.
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
    return v == SceneClass.NO_LABEL_8BIT ? -1 : v;
  }
}
