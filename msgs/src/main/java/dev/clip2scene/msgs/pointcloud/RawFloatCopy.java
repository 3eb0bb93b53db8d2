package dev.clip2scene.msgs.pointcloud;

import java.lang.reflect.Field;

/**
 * Strided little-endian float32 x, y, z extraction through sun.misc.Unsafe: one 8-byte load and store for
 * x and y, one 4-byte for z, no per-element bounds checks. That is 3-4x the VarHandle loop and as fast as
 * System.arraycopy of the same bytes (BENCHMARKS.md). Bounds are proved once per call instead, so a layout the
 * view did not validate can never read or write outside the arrays. Where Unsafe is unavailable, or the platform
 * is big endian, {@link #available()} is false and callers take the portable loop.
 */
final class RawFloatCopy {
  private static final sun.misc.Unsafe UNSAFE = load();
  private static final long BYTE_BASE = UNSAFE == null ? 0 : UNSAFE.arrayBaseOffset(byte[].class);
  private static final long FLOAT_BASE = UNSAFE == null ? 0 : UNSAFE.arrayBaseOffset(float[].class);

  private RawFloatCopy() {}

  private static sun.misc.Unsafe load() {
    if (java.nio.ByteOrder.nativeOrder() != java.nio.ByteOrder.LITTLE_ENDIAN) return null;
    try {
      Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
      f.setAccessible(true);
      return (sun.misc.Unsafe) f.get(null);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  static boolean available() {
    return UNSAFE != null;
  }

  /**
   * Copies x, y, z (x and y adjacent at XOFFSET, z at ZOFFSET) of WIDTH x HEIGHT points starting at DATA in SRC,
   * POINTSTEP and ROWSTEP apart, into DST interleaved.
   */
  static void xyz(byte[] src, int data, int width, int height, int pointStep, int rowStep, int xOffset, int zOffset,
      float[] dst) {
    long points = (long) width * height;
    if (points == 0) return;
    long lastPoint = data + (long) (height - 1) * rowStep + (long) (width - 1) * pointStep;
    long lastByte = lastPoint + Math.max(xOffset + 8, zOffset + 4);
    if (data < 0 || xOffset < 0 || zOffset < 0 || pointStep < 0 || rowStep < 0 || lastByte > src.length
        || points * 3 > dst.length) {
      throw new IndexOutOfBoundsException("layout runs outside the buffers: last byte " + lastByte + " of "
          + src.length + ", " + points * 3 + " floats into " + dst.length);
    }
    long out = FLOAT_BASE;
    for (int r = 0; r < height; r++) {
      long at = BYTE_BASE + data + (long) r * rowStep;
      for (int c = 0; c < width; c++, at += pointStep, out += 12) {
        UNSAFE.putLong(dst, out, UNSAFE.getLong(src, at + xOffset));
        UNSAFE.putInt(dst, out + 8, UNSAFE.getInt(src, at + zOffset));
      }
    }
  }
}
