package dev.clip2scene.model.teacher;

import dev.clip2scene.model.image.RgbImage;
import java.util.function.Supplier;

/**
 * A teacher whose outputs go through a {@link TeacherCache}: dense teachers cache their features (labels are
 * derived from them, which is cheap), label teachers their labels. A hit never touches the image.
 */
public final class CachedTeacher implements Teacher {
  private final Teacher inner;
  private final TeacherCache cache;

  public CachedTeacher(Teacher inner, TeacherCache cache) {
    this.inner = inner;
    this.cache = cache;
  }

  public TeacherCache cache() {
    return cache;
  }

  /** Whether KEY's output is in the cache already. */
  public boolean cached(TeacherKey key) {
    return cache.contains(key, inner.producesFeatures());
  }

  @Override
  public String weightsHash() {
    return inner.weightsHash();
  }

  @Override
  public boolean producesFeatures() {
    return inner.producesFeatures();
  }

  @Override
  public boolean crops() {
    return inner.crops();
  }

  @Override
  public TeacherOutput output(TeacherKey key, Supplier<RgbImage> image) {
    if (inner.producesFeatures()) {
      PixelFeatures f = cache.features(key, () -> inner.output(key, image).features());
      return new TeacherOutput(inner.labels(f), f);
    }
    return new TeacherOutput(cache.labels(key, () -> inner.output(key, image).labels()), null);
  }

  @Override
  public PixelLabels labels(PixelFeatures features) {
    return inner.labels(features);
  }
}
