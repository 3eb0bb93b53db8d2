package dev.clip2scene.model.infer.cuda;

import dev.clip2scene.model.infer.FoldedConv;
import dev.clip2scene.model.io.HalfFloats;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Lays a folded layer's weights out as the convolution kernels read them, padded with zeros: float16
 * [volume][cout'][cin'] (input channels contiguous, the tensor cores' B operand), float32 [volume][cin'][cout']; bias
 * float32 [cout']; primes are padded widths. An input that is a concatenation places each part's channels at its
 * padded offset.
 */
final class WeightPacking {
  private WeightPacking() {}

  /** The padded column of each of the layer's input channels, given the stored tensors its input is made of. */
  static int[] inputPositions(FoldedConv c, List<NetworkProgram.Tensor> parts) {
    int[] pos = new int[c.in()];
    int logical = 0;
    int padded = 0;
    for (NetworkProgram.Tensor t : parts) {
      for (int i = 0; i < t.width(); i++) pos[logical + i] = padded + i;
      logical += t.width();
      padded += t.paddedWidth();
    }
    if (logical != c.in()) throw new IllegalArgumentException("layer of " + c.in() + " inputs on " + logical + " channels");
    return pos;
  }

  /** Bytes of the packed weights of a layer with CIN' and COUT' padded widths. */
  static long weightBytes(int volume, int cinPadded, int coutPadded, boolean half) {
    return (long) volume * cinPadded * coutPadded * (half ? 2 : 4);
  }

  /** Writes C's weights at OUT's position, input channel i at column POSITIONS[i]; padding is written as zeros. */
  static void weights(FoldedConv c, int[] positions, int cinPadded, int coutPadded, boolean half, ByteBuffer out) {
    ByteBuffer b = out.slice().order(ByteOrder.LITTLE_ENDIAN);
    long size = weightBytes(c.volume(), cinPadded, coutPadded, half);
    for (int i = 0; i < size; i++) b.put(i, (byte) 0);
    float[] w = c.weight();
    for (int k = 0; k < c.volume(); k++) {
      for (int ci = 0; ci < c.in(); ci++) {
        for (int co = 0; co < c.out(); co++) {
          float v = w[(k * c.in() + ci) * c.out() + co];
          if (half) b.putShort(2 * ((k * coutPadded + co) * cinPadded + positions[ci]), HalfFloats.toHalf(v));
          else b.putFloat(4 * ((k * cinPadded + positions[ci]) * coutPadded + co), v);
        }
      }
    }
    out.position(out.position() + (int) size);
  }

  static void bias(float[] bias, int coutPadded, ByteBuffer out) {
    for (int co = 0; co < coutPadded; co++) out.putFloat(co < bias.length ? bias[co] : 0f);
  }

  /**
   * The head with the text embeddings folded in: logits = x (W T^T) + b T^T, as a dense layer of CLASSES outputs,
   * computed in double. W is the head's (in x dim), T the embeddings (classes x dim).
   */
  static FoldedConv foldText(FoldedConv head, float[] text, int classes) {
    int in = head.in();
    int dim = head.out();
    if (text.length != classes * dim) throw new IllegalArgumentException(classes + " x " + dim + " text embeddings, " + text.length + " values");
    float[] w = new float[in * classes];
    float[] b = new float[classes];
    for (int c = 0; c < classes; c++) {
      double bias = 0;
      for (int d = 0; d < dim; d++) bias += (double) head.bias()[d] * text[c * dim + d];
      b[c] = (float) bias;
      for (int i = 0; i < in; i++) {
        double s = 0;
        for (int d = 0; d < dim; d++) s += (double) head.weight()[i * dim + d] * text[c * dim + d];
        w[i * classes + c] = (float) s;
      }
    }
    return new FoldedConv(1, in, classes, w, b, false);
  }
}
