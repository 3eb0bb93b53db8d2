package dev.clip2scene.model.teacher;

import dev.clip2scene.model.image.RgbImage;
import java.util.function.Supplier;

/**
 * Where pixel pseudo-labels (and, for dense teachers, pixel features) come from: MaskCLIP run here, or outputs
 * computed elsewhere and read from files. Outputs cover the crop of the key (the whole image for teachers that do
 * not crop).
 */
public interface Teacher {
  /** Identifies the teacher's weights and settings in cache keys: equal hashes mean equal outputs. */
  String weightsHash();

  /** Whether {@link #output} carries pixel features (needed by the paper's spatial-temporal fusion). */
  boolean producesFeatures();

  /** Whether the teacher runs on image crops (random resized crop, flip); otherwise every key's crop is whole. */
  boolean crops();

  /** The teacher's output for KEY; IMAGE supplies the original image when the teacher needs pixels. */
  TeacherOutput output(TeacherKey key, Supplier<RgbImage> image);

  /** Pseudo-labels of FEATURES produced by this teacher (dense teachers only). */
  default PixelLabels labels(PixelFeatures features) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " produces no features");
  }
}
