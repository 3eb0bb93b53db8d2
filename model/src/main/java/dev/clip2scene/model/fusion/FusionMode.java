package dev.clip2scene.model.fusion;

import java.util.Arrays;
import java.util.Locale;

/** How a point's label combines the 3D network's feature with the image feature under its pixel. */
public enum FusionMode {
  /** The 3D network alone. */
  OFF,
  /**
   * Per point, the more confident source (OpenScene's 2D-3D ensemble), each source's best class similarity ranked among
   * its own values over the cloud ({@link FeatureFusion#choose}).
   */
  ENSEMBLE,
  /** The image feature wherever a camera sees the point, the 3D feature elsewhere. */
  IMAGE;

  /** The name used in parameters and output: off, ensemble, image. */
  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The mode named VALUE (off, ensemble or image). */
  public static FusionMode parse(String value) {
    for (FusionMode m : values()) if (m.value().equals(value)) return m;
    throw new IllegalArgumentException("'" + value + "' is not a fusion mode (expected "
        + String.join(", ", Arrays.stream(values()).map(FusionMode::value).toList()) + ")");
  }
}
