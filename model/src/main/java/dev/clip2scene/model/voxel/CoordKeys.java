package dev.clip2scene.model.voxel;

/**
 * Packs a voxel coordinate (batch, x, y, z) into one long: 8 bits of batch index, then 18 bits per axis with
 * a bias, so keys are non-negative, hash without boxing, and neighbours are key + {@link #delta}.
 */
public final class CoordKeys {
  private static final int BITS = 18;
  private static final int BIAS = 1 << (BITS - 1);
  private static final long MASK = (1L << BITS) - 1;
  /** Largest |coordinate| accepted; the margin keeps key + delta inside its field for every kernel offset. */
  public static final int LIMIT = BIAS - 16;
  public static final int MAX_BATCH = 255;

  private CoordKeys() {}

  public static long pack(int batch, int x, int y, int z) {
    return ((long) batch << (3 * BITS)) | ((long) (x + BIAS) << (2 * BITS)) | ((long) (y + BIAS) << BITS) | (z + BIAS);
  }

  public static int batch(long key) {
    return (int) (key >>> (3 * BITS));
  }

  public static int x(long key) {
    return (int) ((key >>> (2 * BITS)) & MASK) - BIAS;
  }

  public static int y(long key) {
    return (int) ((key >>> BITS) & MASK) - BIAS;
  }

  public static int z(long key) {
    return (int) (key & MASK) - BIAS;
  }

  /** The key difference of a neighbour at (dx, dy, dz); valid while coordinates stay within {@link #LIMIT}. */
  public static long delta(int dx, int dy, int dz) {
    return ((long) dx << (2 * BITS)) + ((long) dy << BITS) + dz;
  }

  /** The key of the voxel containing this one at twice the voxel size (floor division by 2). */
  public static long coarsen(long key) {
    return pack(batch(key), x(key) >> 1, y(key) >> 1, z(key) >> 1);
  }
}
