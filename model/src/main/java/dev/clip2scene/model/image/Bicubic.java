package dev.clip2scene.model.image;

/**
 * Bicubic resampling with PyTorch's {@code interpolate(mode="bicubic", align_corners=False)} semantics: output
 * pixel centres map to source coordinates (dst + 0.5) * in / out - 0.5 (not clamped), cubic convolution with
 * a = -0.75 over the 4 x 4 neighbourhood, indices outside the source clamped to its border, no antialiasing.
 */
public final class Bicubic {
  static final double A = -0.75;

  private Bicubic() {}

  /** Resizes SRC (rows x cols x channels, channels last) to newRows x newCols x channels. */
  public static float[] resizeChannelsLast(float[] src, int rows, int cols, int channels, int newRows, int newCols) {
    if ((long) rows * cols * channels != src.length || newRows <= 0 || newCols <= 0) {
      throw new IllegalArgumentException(src.length + " values for " + rows + " x " + cols + " x " + channels
          + " resized to " + newRows + " x " + newCols);
    }
    Taps ys = Taps.of(rows, newRows);
    Taps xs = Taps.of(cols, newCols);
    // separable: along x into an intermediate of rows x newCols, then along y
    float[] mid = new float[rows * newCols * channels];
    for (int r = 0; r < rows; r++) {
      for (int x = 0; x < newCols; x++) {
        for (int k = 0; k < 4; k++) {
          double w = xs.weight[x * 4 + k];
          int from = (r * cols + xs.index[x * 4 + k]) * channels;
          int to = (r * newCols + x) * channels;
          for (int c = 0; c < channels; c++) mid[to + c] += (float) (w * src[from + c]);
        }
      }
    }
    float[] out = new float[newRows * newCols * channels];
    for (int y = 0; y < newRows; y++) {
      for (int k = 0; k < 4; k++) {
        double w = ys.weight[y * 4 + k];
        int fromRow = ys.index[y * 4 + k] * newCols * channels;
        int toRow = y * newCols * channels;
        for (int i = 0; i < newCols * channels; i++) out[toRow + i] += (float) (w * mid[fromRow + i]);
      }
    }
    return out;
  }

  /** The four source indices (border-clamped) and weights of every output position along one axis. */
  record Taps(int[] index, double[] weight) {
    static Taps of(int in, int out) {
      int[] index = new int[out * 4];
      double[] weight = new double[out * 4];
      double scale = (double) in / out;
      for (int o = 0; o < out; o++) {
        double src = (o + 0.5) * scale - 0.5;
        int base = (int) Math.floor(src);
        double t = src - base;
        double[] w = coefficients(t);
        for (int k = 0; k < 4; k++) {
          index[o * 4 + k] = Math.min(Math.max(base - 1 + k, 0), in - 1);
          weight[o * 4 + k] = w[k];
        }
      }
      return new Taps(index, weight);
    }
  }

  /** Weights of the taps at distances 1 + t, t, 1 - t, 2 - t from the sample point. */
  static double[] coefficients(double t) {
    return new double[] {far(t + 1), near(t), near(1 - t), far(2 - t)};
  }

  /** Kernel for |x| <= 1. */
  private static double near(double x) {
    return ((A + 2) * x - (A + 3)) * x * x + 1;
  }

  /** Kernel for 1 < |x| < 2. */
  private static double far(double x) {
    return ((A * x - 5 * A) * x + 8 * A) * x - 4 * A;
  }
}
