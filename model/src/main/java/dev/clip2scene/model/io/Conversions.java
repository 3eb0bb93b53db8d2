package dev.clip2scene.model.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Element conversions shared by the safetensors and .npy readers. */
final class Conversions {
  private Conversions() {}

  static float[] toFloats(ByteBuffer src, DType dtype, int n) {
    ByteBuffer b = src.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    float[] out = new float[n];
    switch (dtype) {
      case F32 -> b.asFloatBuffer().get(out);
      case F64 -> {
        for (int i = 0; i < n; i++) out[i] = (float) b.getDouble(i * 8);
      }
      case F16 -> {
        for (int i = 0; i < n; i++) out[i] = HalfFloats.fromHalf(b.getShort(i * 2));
      }
      case BF16 -> {
        for (int i = 0; i < n; i++) out[i] = HalfFloats.fromBfloat16(b.getShort(i * 2));
      }
      default -> throw new TensorFileException("cannot read " + dtype + " as float");
    }
    return out;
  }

  static double[] toDoubles(ByteBuffer src, DType dtype, int n) {
    ByteBuffer b = src.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    double[] out = new double[n];
    if (dtype == DType.F64) {
      b.asDoubleBuffer().get(out);
    } else {
      float[] f = toFloats(src, dtype, n);
      for (int i = 0; i < n; i++) out[i] = f[i];
    }
    return out;
  }

  static long[] toLongs(ByteBuffer src, DType dtype, int n, String where) {
    ByteBuffer b = src.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    long[] out = new long[n];
    switch (dtype) {
      case I64 -> b.asLongBuffer().get(out);
      case I32 -> {
        for (int i = 0; i < n; i++) out[i] = b.getInt(i * 4);
      }
      case I16 -> {
        for (int i = 0; i < n; i++) out[i] = b.getShort(i * 2);
      }
      case I8 -> {
        for (int i = 0; i < n; i++) out[i] = b.get(i);
      }
      case U8, BOOL -> {
        for (int i = 0; i < n; i++) out[i] = b.get(i) & 0xff;
      }
      default -> throw new TensorFileException(where + ": is " + dtype + ", expected an integer type");
    }
    return out;
  }
}
