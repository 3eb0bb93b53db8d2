package dev.clip2scene.model.io;

import java.util.Arrays;

/** Element counts and readable shapes. */
public final class Shapes {
  private Shapes() {}

  /** The number of elements, refusing negative dimensions and overflow; WHERE (file and tensor) names it in errors. */
  public static long elements(long[] shape, String where) {
    long n = 1;
    for (long d : shape) {
      if (d < 0) throw new TensorFileException(where + ": negative dimension in shape " + format(shape));
      n = multiply(n, d, shape, where);
    }
    return n;
  }

  /** The bytes SHAPE takes in DTYPE, refusing overflow like {@link #elements}. */
  public static long byteLength(long[] shape, DType dtype, String where) {
    return multiply(elements(shape, where), dtype.size(), shape, where);
  }

  private static long multiply(long a, long b, long[] shape, String where) {
    try {
      return Math.multiplyExact(a, b);
    } catch (ArithmeticException e) {
      throw new TensorFileException(where + ": shape " + format(shape) + " has more elements than a file can hold "
          + "(their count overflows 64 bits)");
    }
  }

  public static String format(long[] shape) {
    return Arrays.toString(shape);
  }

  /** An int array of exactly N elements of a Java array (2^31 - 1 at most). */
  static int arrayLength(long n, String where) {
    if (n > Integer.MAX_VALUE - 8) throw new TensorFileException(where + ": " + n + " elements do not fit one Java array");
    return (int) n;
  }
}
