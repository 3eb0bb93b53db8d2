package dev.clip2scene.model.infer;

/**
 * A convolution with its eval-mode batch norm folded in: y = sum over offsets of x[in] W'[k] + b', then ReLU when
 * asked. W'[k] = W[k] * gamma / sqrt(var + eps) per output channel; b' = beta - mean * gamma / sqrt(var + eps).
 *
 * @param weight volume x in x out, row-major
 */
public record FoldedConv(int volume, int in, int out, float[] weight, float[] bias, boolean relu) {
  public FoldedConv {
    if ((long) volume * in * out != weight.length || bias.length != out) {
      throw new IllegalArgumentException("folded convolution " + volume + " x " + in + " x " + out + " with "
          + weight.length + " weights and " + bias.length + " biases");
    }
  }

  /**
   * Folds per-output-channel scale and shift (a batch norm in eval mode; scale null = none) into the weights.
   *
   * @param weight volume x in x out
   */
  public static FoldedConv fold(int volume, int in, int out, float[] weight, float[] bias, float[] scale, float[] shift, boolean relu) {
    float[] w = weight.clone();
    float[] b = bias == null ? new float[out] : bias.clone();
    if (scale != null) {
      for (int i = 0; i < w.length; i++) w[i] *= scale[i % out];
      for (int c = 0; c < out; c++) b[c] = b[c] * scale[c] + shift[c];
    }
    return new FoldedConv(volume, in, out, w, b, relu);
  }
}
