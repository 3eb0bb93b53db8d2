package dev.clip2scene.model.train;

/**
 * A sample ready for one training step: the (augmented) cloud the network sees, x, y, z, intensity per point; the
 * per-point targets ({@code PseudoLabels.IGNORE} where none); the paired pixel features (points x dim, zero rows
 * where unpaired) when the loss needs them, else null.
 */
public record PreparedSample(float[] cloud, int[] targets, float[] pixels) {
  public int pointCount() {
    return targets.length;
  }
}
