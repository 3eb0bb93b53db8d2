package dev.clip2scene.model.image;

/**
 * Bilinear resampling with PyTorch's {@code interpolate(mode="bilinear", align_corners=False)} semantics: source
 * coordinate (dst + 0.5) * in / out - 0.5 clamped at 0, the two neighbours clamped to the border, no antialiasing.
 */
public final class Bilinear {
  private Bilinear() {}

  /** Resizes SRC (rows x cols x channels, channels last) to newRows x newCols x channels. */
  public static float[] resizeChannelsLast(float[] src, int rows, int cols, int channels, int newRows, int newCols) {
    if ((long) rows * cols * channels != src.length || newRows <= 0 || newCols <= 0) {
      throw new IllegalArgumentException(src.length + " values for " + rows + " x " + cols + " x " + channels
          + " resized to " + newRows + " x " + newCols);
    }
    float[] out = new float[newRows * newCols * channels];
    double sy = (double) rows / newRows;
    double sx = (double) cols / newCols;
    for (int y = 0; y < newRows; y++) {
      double fy = Math.max((y + 0.5) * sy - 0.5, 0);
      int y0 = Math.min((int) fy, rows - 1);
      int y1 = Math.min(y0 + 1, rows - 1);
      double wy = fy - y0;
      for (int x = 0; x < newCols; x++) {
        double fx = Math.max((x + 0.5) * sx - 0.5, 0);
        int x0 = Math.min((int) fx, cols - 1);
        int x1 = Math.min(x0 + 1, cols - 1);
        double wx = fx - x0;
        int o = (y * newCols + x) * channels;
        int a = (y0 * cols + x0) * channels;
        int b = (y0 * cols + x1) * channels;
        int c = (y1 * cols + x0) * channels;
        int d = (y1 * cols + x1) * channels;
        for (int ch = 0; ch < channels; ch++) {
          double top = src[a + ch] + wx * (src[b + ch] - src[a + ch]);
          double bottom = src[c + ch] + wx * (src[d + ch] - src[c + ch]);
          out[o + ch] = (float) (top + wy * (bottom - top));
        }
      }
    }
    return out;
  }
}
