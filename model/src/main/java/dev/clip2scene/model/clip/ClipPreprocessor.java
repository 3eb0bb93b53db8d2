package dev.clip2scene.model.clip;

import dev.clip2scene.model.image.Bilinear;
import dev.clip2scene.model.image.RgbImage;
import java.util.List;

/**
 * Turns RGB images into encoder input: optional bilinear resize to HEIGHT x WIDTH, pixels / 255, then CLIP's
 * per-channel mean/std normalisation unless switched off (the CLIP2Scene reference code skips it).
 */
public final class ClipPreprocessor {
  public static final float[] CLIP_MEAN = {0.48145466f, 0.4578275f, 0.40821073f};
  public static final float[] CLIP_STD = {0.26862954f, 0.26130258f, 0.27577711f};

  private final int height;
  private final int width;
  private final boolean normalize;

  /** HEIGHT and WIDTH of 0 keep each image's own size. */
  public ClipPreprocessor(int height, int width, boolean normalize) {
    if (height < 0 || width < 0 || (height == 0) != (width == 0)) {
      throw new IllegalArgumentException("resize target " + height + " x " + width + ": give both sizes, or neither");
    }
    this.height = height;
    this.width = width;
    this.normalize = normalize;
  }

  public boolean normalizes() {
    return normalize;
  }

  public PixelBatch apply(List<RgbImage> images) {
    if (images.isEmpty()) throw new IllegalArgumentException("no images to preprocess");
    int h = height > 0 ? height : images.get(0).height();
    int w = width > 0 ? width : images.get(0).width();
    float[] out = new float[images.size() * 3 * h * w];
    for (int i = 0; i < images.size(); i++) {
      RgbImage img = images.get(i);
      float[] hwc = new float[img.rgb().length];
      for (int k = 0; k < hwc.length; k++) hwc[k] = (img.rgb()[k] & 0xff) / 255f;
      if (img.height() != h || img.width() != w) {
        if (height == 0) {
          throw new IllegalArgumentException("image " + i + " is " + img.width() + " x " + img.height() + ", image 0 is "
              + w + " x " + h + ": give a resize target so the batch has one size");
        }
        hwc = Bilinear.resizeChannelsLast(hwc, img.height(), img.width(), 3, h, w);
      }
      int base = i * 3 * h * w;
      for (int c = 0; c < 3; c++) {
        float mean = normalize ? CLIP_MEAN[c] : 0f;
        float scale = normalize ? 1f / CLIP_STD[c] : 1f;
        for (int p = 0; p < h * w; p++) out[base + c * h * w + p] = (hwc[p * 3 + c] - mean) * scale;
      }
    }
    return new PixelBatch(images.size(), h, w, out);
  }
}
