package dev.clip2scene.model.clip;

/** Images ready for the encoder: BATCH x 3 x HEIGHT x WIDTH float32, channel planes, preprocessed. */
public record PixelBatch(int batch, int height, int width, float[] values) {
  public PixelBatch {
    if (batch <= 0 || height <= 0 || width <= 0) {
      throw new IllegalArgumentException("batch " + batch + " of " + height + " x " + width + " images is empty");
    }
    if ((long) batch * 3 * height * width != values.length) {
      throw new IllegalArgumentException(values.length + " values for " + batch + " x 3 x " + height + " x " + width);
    }
  }
}
