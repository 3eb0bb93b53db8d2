package dev.clip2scene.model.teacher;

/**
 * A teacher's dense features, height x width x dim, row-major, on a grid covering a whole image. Sampling is
 * bilinear in grid-cell centres, as the reference upsamples MaskCLIP features back to the crop size.
 */
public record PixelFeatures(int width, int height, int dim, float[] values) {
  public PixelFeatures {
    if (width < 1 || height < 1 || dim < 1 || values.length != (long) width * height * dim) {
      throw new IllegalArgumentException(values.length + " values for a " + height + " x " + width + " x " + dim + " grid");
    }
  }

  /** Writes the feature under image pixel (U, V) into OUT[offset .. offset + dim). */
  public void sample(float u, float v, int imageWidth, int imageHeight, float[] out, int offset) {
    float gx = clamp((u + 0.5f) * width / imageWidth - 0.5f, width);
    float gy = clamp((v + 0.5f) * height / imageHeight - 0.5f, height);
    int x0 = (int) Math.floor(gx), y0 = (int) Math.floor(gy);
    int x1 = Math.min(x0 + 1, width - 1), y1 = Math.min(y0 + 1, height - 1);
    float fx = gx - x0, fy = gy - y0;
    float w00 = (1 - fx) * (1 - fy), w01 = fx * (1 - fy), w10 = (1 - fx) * fy, w11 = fx * fy;
    int a = (y0 * width + x0) * dim, b = (y0 * width + x1) * dim, c = (y1 * width + x0) * dim, d = (y1 * width + x1) * dim;
    for (int k = 0; k < dim; k++) {
      out[offset + k] = w00 * values[a + k] + w01 * values[b + k] + w10 * values[c + k] + w11 * values[d + k];
    }
  }

  /**
   * Writes the feature of the grid cell under image pixel (U, V) into OUT[offset .. offset + dim), the cell {@link
   * PixelLabels#at} reads a label from (pixels outside the image take the nearest edge cell).
   */
  public void sampleNearest(float u, float v, int imageWidth, int imageHeight, float[] out, int offset) {
    int gx = Math.max(0, Math.min(width - 1, (int) Math.floor(u * width / imageWidth)));
    int gy = Math.max(0, Math.min(height - 1, (int) Math.floor(v * height / imageHeight)));
    System.arraycopy(values, (gy * width + gx) * dim, out, offset, dim);
  }

  /** Per-cell argmax of the dot product with each row of TEXT (C x dim): the pseudo-labels of METHOD.md. */
  public PixelLabels argmax(float[] text, int classes) {
    if (text.length != classes * dim) throw new IllegalArgumentException(text.length + " text values for " + classes + " x " + dim);
    int[] labels = new int[width * height];
    for (int cell = 0; cell < labels.length; cell++) {
      int best = 0;
      double bestScore = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < classes; c++) {
        double s = 0;
        for (int k = 0; k < dim; k++) s += values[cell * dim + k] * text[c * dim + k];
        if (s > bestScore) {
          bestScore = s;
          best = c;
        }
      }
      labels[cell] = best;
    }
    return new PixelLabels(width, height, labels);
  }

  private static float clamp(float g, int size) {
    return Math.max(0, Math.min(size - 1, g));
  }
}
