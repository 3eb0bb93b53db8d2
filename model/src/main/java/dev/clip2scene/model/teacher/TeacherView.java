package dev.clip2scene.model.teacher;

import java.util.Random;

/**
 * What part of an image the teacher sees for a sample, and at what size: a random crop per step (the reference's
 * {@link RandomResizedCrop}) or one fixed view per image, whose output can then be computed once before training.
 */
public interface TeacherView {
  /** The crop of a WIDTH x HEIGHT image for one sample; RANDOM drives random views (fixed views ignore it). */
  TeacherKey.Crop crop(int width, int height, Random random);

  /** Whether every sample sees an image the same way. */
  boolean fixed();

  /** The whole image at its own size (teachers whose outputs cover whole images: precomputed, simulated). */
  static TeacherView whole() {
    return new TeacherView() {
      @Override
      public TeacherKey.Crop crop(int width, int height, Random random) {
        return TeacherKey.Crop.whole(width, height);
      }

      @Override
      public boolean fixed() {
        return true;
      }
    };
  }

  /**
   * The whole image resized to HEIGHT rows and the width that keeps its aspect ratio, both rounded to multiples of
   * MULTIPLE (a ViT's patch size), at least one multiple each.
   */
  static TeacherView resized(int height, int multiple) {
    if (height < 1 || multiple < 1) throw new IllegalArgumentException("teacher view height " + height + ", multiple " + multiple);
    int h = Math.max(multiple, Math.round((float) height / multiple) * multiple);
    return new TeacherView() {
      @Override
      public TeacherKey.Crop crop(int width, int imageHeight, Random random) {
        int w = (int) Math.max(multiple, Math.round((double) h * width / imageHeight / multiple) * multiple);
        return new TeacherKey.Crop(0, 0, width, imageHeight, w, h, false);
      }

      @Override
      public boolean fixed() {
        return true;
      }
    };
  }
}
