package dev.clip2scene.model.teacher;

import dev.clip2scene.model.image.Bilinear;
import dev.clip2scene.model.image.RgbImage;

/** Cuts a {@link TeacherKey.Crop} out of an image: crop, bilinear resize, optional horizontal flip. */
public final class Crops {
  private Crops() {}

  public static RgbImage apply(RgbImage image, TeacherKey.Crop crop) {
    if (crop.x() < 0 || crop.y() < 0 || crop.x() + crop.width() > image.width() || crop.y() + crop.height() > image.height()) {
      throw new IllegalArgumentException("crop " + crop + " outside a " + image.width() + " x " + image.height() + " image");
    }
    float[] region = new float[crop.width() * crop.height() * 3];
    for (int y = 0; y < crop.height(); y++) {
      for (int x = 0; x < crop.width(); x++) {
        int s = ((crop.y() + y) * image.width() + crop.x() + x) * 3;
        int d = (y * crop.width() + x) * 3;
        for (int c = 0; c < 3; c++) region[d + c] = image.rgb()[s + c] & 0xff;
      }
    }
    float[] resized = Bilinear.resizeChannelsLast(region, crop.height(), crop.width(), 3, crop.outHeight(), crop.outWidth());
    byte[] out = new byte[resized.length];
    for (int y = 0; y < crop.outHeight(); y++) {
      for (int x = 0; x < crop.outWidth(); x++) {
        int sx = crop.flipped() ? crop.outWidth() - 1 - x : x;
        int s = (y * crop.outWidth() + sx) * 3;
        int d = (y * crop.outWidth() + x) * 3;
        for (int c = 0; c < 3; c++) out[d + c] = (byte) Math.max(0, Math.min(255, Math.round(resized[s + c])));
      }
    }
    return new RgbImage(crop.outWidth(), crop.outHeight(), out);
  }
}
