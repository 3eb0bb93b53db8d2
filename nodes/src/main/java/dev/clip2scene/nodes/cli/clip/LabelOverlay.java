package dev.clip2scene.nodes.cli.clip;

import dev.clip2scene.model.image.Bilinear;
import dev.clip2scene.model.image.RgbImage;

/**
 * Pixel pseudo-labels over an image: per-patch logits upsampled bilinearly to the image size (as the reference
 * upsamples MaskCLIP's output), argmax per pixel, class colours blended half over the image.
 */
final class LabelOverlay {
  private final int[] labels;
  private final RgbImage overlay;
  private final int classes;

  private LabelOverlay(int[] labels, RgbImage overlay, int classes) {
    this.labels = labels;
    this.overlay = overlay;
    this.classes = classes;
  }

  /** LOGITS: rows x cols x classes for one image. */
  static LabelOverlay of(RgbImage image, float[] logits, int rows, int cols, int classes) {
    int w = image.width();
    int h = image.height();
    float[] up = Bilinear.resizeChannelsLast(logits, rows, cols, classes, h, w);
    int[] labels = new int[w * h];
    byte[] rgb = image.rgb().clone();
    for (int p = 0; p < labels.length; p++) {
      int best = 0;
      for (int c = 1; c < classes; c++) if (up[p * classes + c] > up[p * classes + best]) best = c;
      labels[p] = best;
      int colour = ClassPalette.rgb(best);
      for (int ch = 0; ch < 3; ch++) {
        int mine = (colour >> (16 - 8 * ch)) & 0xff;
        rgb[p * 3 + ch] = (byte) (((rgb[p * 3 + ch] & 0xff) + mine) / 2);
      }
    }
    return new LabelOverlay(labels, new RgbImage(w, h, rgb), classes);
  }

  RgbImage image() {
    return overlay;
  }

  /** The fraction of pixels labelled with each class. */
  double[] shares() {
    double[] s = new double[classes];
    for (int l : labels) s[l]++;
    for (int c = 0; c < classes; c++) s[c] /= labels.length;
    return s;
  }
}
