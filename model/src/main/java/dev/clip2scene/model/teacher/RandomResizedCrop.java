package dev.clip2scene.model.teacher;

import java.util.Random;

/**
 * The reference training crop: a rectangle covering SCALE of the image area with aspect ratio (width / height) in
 * RATIO (log-uniform), resized to outWidth x outHeight, flipped horizontally with probability FLIP. Drawn as
 * torchvision's RandomResizedCrop does: ten tries, then the largest centred rectangle within the ratio range.
 */
public record RandomResizedCrop(int outWidth, int outHeight, double minScale, double maxScale, double minRatio,
    double maxRatio, double flipProbability) implements TeacherView {
  public RandomResizedCrop {
    if (outWidth < 1 || outHeight < 1) throw new IllegalArgumentException("crop output " + outWidth + " x " + outHeight);
    if (!(0 < minScale && minScale <= maxScale && maxScale <= 1)) throw new IllegalArgumentException("crop scale " + minScale + " - " + maxScale);
    if (!(0 < minRatio && minRatio <= maxRatio)) throw new IllegalArgumentException("crop ratio " + minRatio + " - " + maxRatio);
    if (!(flipProbability >= 0 && flipProbability <= 1)) throw new IllegalArgumentException("flip probability " + flipProbability);
  }

  /** The reference: 224 x 416, scale 0.3 - 1, aspect 14/9 - 17/9, flip with probability 0.5. */
  public static RandomResizedCrop reference() {
    return new RandomResizedCrop(416, 224, 0.3, 1.0, 14.0 / 9, 17.0 / 9, 0.5);
  }

  @Override
  public TeacherKey.Crop crop(int width, int height, Random random) {
    return sample(width, height, random);
  }

  @Override
  public boolean fixed() {
    return false;
  }

  public TeacherKey.Crop sample(int width, int height, Random random) {
    double area = (double) width * height;
    for (int attempt = 0; attempt < 10; attempt++) {
      double target = area * (minScale + random.nextDouble() * (maxScale - minScale));
      double ratio = Math.exp(Math.log(minRatio) + random.nextDouble() * (Math.log(maxRatio) - Math.log(minRatio)));
      int w = (int) Math.round(Math.sqrt(target * ratio));
      int h = (int) Math.round(Math.sqrt(target / ratio));
      if (w > 0 && h > 0 && w <= width && h <= height) {
        int x = random.nextInt(width - w + 1);
        int y = random.nextInt(height - h + 1);
        return new TeacherKey.Crop(x, y, w, h, outWidth, outHeight, random.nextDouble() < flipProbability);
      }
    }
    double ratio = (double) width / height;
    int w = width;
    int h = height;
    if (ratio < minRatio) h = (int) Math.round(w / minRatio);
    else if (ratio > maxRatio) w = (int) Math.round(h * maxRatio);
    return new TeacherKey.Crop((width - w) / 2, (height - h) / 2, w, h, outWidth, outHeight, random.nextDouble() < flipProbability);
  }
}
