package dev.clip2scene.nodes.bag;

/**
 * Caps on what one read may allocate, so that a corrupt length field fails with a clear error instead of asking for
 * gigabytes. Lengths are also always checked against the bytes left in the file, and a chunk's uncompressed_size
 * against what its compressed bytes can expand to (its output then grows only as decompressed data arrives).
 *
 * @param maxRecordBytes largest single record or message accepted
 * @param maxChunkBytes largest uncompressed chunk accepted
 */
public record ReadLimits(long maxRecordBytes, long maxChunkBytes) {
  /** 512 MiB each: far above any real sensor message or chunk, far below what would exhaust a typical heap. */
  public static final ReadLimits DEFAULT = new ReadLimits(512L << 20, 512L << 20);

  public ReadLimits {
    long javaMax = Integer.MAX_VALUE - 16;
    if (maxRecordBytes <= 0 || maxRecordBytes > javaMax || maxChunkBytes <= 0 || maxChunkBytes > javaMax) {
      throw new IllegalArgumentException("limits must be in 1.." + javaMax);
    }
  }
}
