package dev.clip2scene.model.infer;

import dev.clip2scene.model.clip.TensorSource;
import dev.clip2scene.model.sparse.BatchNorm;

/**
 * Reads a network's layers by name into folded float32 form for inference: batch norm (eval mode) goes into the
 * preceding convolution or dense layer. The names are the trainable layers' (model.sparse): a convolution block NAME
 * is NAME.conv.kernel (volume x in x out) with batch norm NAME.bn.{weight, bias, running_mean, running_var}; a
 * residual block's are conv1/bn1, conv2/bn2 and, when its width changes, proj/proj_bn; a dense layer's NAME.weight
 * (in x out) and NAME.bias.
 *
 * <p>Only {@link BatchNorm}'s epsilon, a constant the compiler copies here, is taken from the training classes, so
 * folding loads no DJL class.
 */
public final class Folding {
  private Folding() {}

  /** Convolution, batch norm, ReLU. */
  public static FoldedConv block(TensorSource w, String name, int volume, int in, int out) {
    return conv(w, name + ".conv", name + ".bn", volume, in, out, true);
  }

  public static FoldedResidual residual(TensorSource w, String name, int in, int out) {
    FoldedConv projection = in == out ? null : conv(w, name + ".proj", name + ".proj_bn", 1, in, out, false);
    // ReLU after the skip is added: conv2 applies it once the skip has been summed in
    return new FoldedResidual(conv(w, name + ".conv1", name + ".bn1", 27, in, out, true),
        conv(w, name + ".conv2", name + ".bn2", 27, out, out, true), projection);
  }

  /** A dense layer NAME, followed by batch norm NORM (null: none) and ReLU when asked. */
  public static FoldedConv linear(TensorSource w, String name, String norm, int in, int out, boolean relu) {
    float[][] ss = norm == null ? new float[][] {null, null} : scaleShift(w, norm, out);
    return FoldedConv.fold(1, in, out, w.floats(name + ".weight", in, out), w.floats(name + ".bias", out), ss[0], ss[1], relu);
  }

  private static FoldedConv conv(TensorSource w, String conv, String norm, int volume, int in, int out, boolean relu) {
    float[][] ss = scaleShift(w, norm, out);
    return FoldedConv.fold(volume, in, out, w.floats(conv + ".kernel", volume, in, out), null, ss[0], ss[1], relu);
  }

  /** Batch norm NAME in eval mode as per-channel (scale, shift): y = x * scale + shift. */
  static float[][] scaleShift(TensorSource w, String name, int channels) {
    float[] g = w.floats(name + ".weight", channels);
    float[] b = w.floats(name + ".bias", channels);
    float[] mean = w.floats(name + ".running_mean", channels);
    float[] var = w.floats(name + ".running_var", channels);
    float[] scale = new float[channels];
    float[] shift = new float[channels];
    for (int c = 0; c < channels; c++) {
      scale[c] = (float) (g[c] / Math.sqrt(var[c] + (double) BatchNorm.EPSILON));
      shift[c] = b[c] - mean[c] * scale[c];
    }
    return new float[][] {scale, shift};
  }
}
