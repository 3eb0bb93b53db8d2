package dev.clip2scene.model.io;

import java.nio.ByteBuffer;

/** An n-dimensional array read from a .npy file (C order, little-endian). */
public record NpyArray(DType dtype, long[] shape, ByteBuffer data, String source) {
  public long elements() {
    return Shapes.elements(shape, source);
  }

  public float[] floats() {
    return Conversions.toFloats(data, dtype, Shapes.arrayLength(elements(), source));
  }

  public double[] doubles() {
    return Conversions.toDoubles(data, dtype, Shapes.arrayLength(elements(), source));
  }

  public long[] longs() {
    return Conversions.toLongs(data, dtype, Shapes.arrayLength(elements(), source), source);
  }
}
