package dev.clip2scene.nodes.bag.mcap;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import net.jpountz.lz4.LZ4FrameInputStream;
import net.jpountz.lz4.LZ4FrameOutputStream;

/** Chunk compressions of MCAP: "" (none), "zstd", "lz4" (LZ4 frame format). */
public enum ChunkCodec {
  NONE(""),
  ZSTD("zstd"),
  LZ4("lz4");

  /** zstd level for writing: 3 is zstd's own default, a good speed/size balance for point clouds. */
  private static final int ZSTD_LEVEL = 3;

  /**
   * The most a codec's format can expand: zstd's best case is an RLE block (a 3-byte header and one byte for up to
   * 128 KiB), LZ4's a match whose length runs on in 255-byte steps. A claim above that cannot be true.
   */
  private static final long ZSTD_MAX_RATIO = 32_768;
  private static final long ZSTD_BLOCK = 128 << 10;
  private static final long LZ4_MAX_RATIO = 256;
  private static final long LZ4_BLOCK = 64 << 10;
  /** Sizes up to this multiple of the compressed bytes (or 4 MiB) are allocated at once: every real chunk. */
  private static final long EAGER_RATIO = 32;
  private static final long EAGER_MIN = 4 << 20;

  private final String wireName;

  ChunkCodec(String wireName) {
    this.wireName = wireName;
  }

  /** The name MCAP stores in Chunk.compression. */
  public String wireName() {
    return wireName;
  }

  /** By user-facing name: none, zstd, lz4 (case-insensitive); "" means none. */
  public static ChunkCodec byName(String name) {
    String n = name.toLowerCase(java.util.Locale.ROOT);
    for (ChunkCodec c : values()) {
      if (c.wireName.equals(n) || c.name().toLowerCase(java.util.Locale.ROOT).equals(n)) return c;
    }
    throw new IllegalArgumentException("unknown compression '" + name + "' (expected none, zstd or lz4)");
  }

  /** Decompression failure; the caller names file and offset. */
  static final class Failure extends Exception {
    Failure(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Decompresses a chunk's records into an array of exactly UNCOMPRESSED_SIZE bytes and checks their CRC when
   * EXPECTED_CRC is not 0. COMPRESSION is the wire name; an unknown one fails.
   *
   * <p>UNCOMPRESSED_SIZE is read from the file, so it is trusted for an allocation only as far as it is plausible:
   * at most MAX_CHUNK_BYTES, at most what LEN compressed bytes can expand to in this codec, and beyond a small
   * multiple of LEN the output array grows only as decompressed bytes actually arrive. A forged size fails with
   * what the data really held, having allocated about that much.
   */
  static byte[] decompress(String compression, byte[] src, int off, int len, long uncompressedSize, long expectedCrc,
      long maxChunkBytes) throws Failure {
    if (uncompressedSize < 0 || uncompressedSize > maxChunkBytes) {
      throw new Failure("uncompressed_size " + Long.toUnsignedString(uncompressedSize) + " exceeds the limit of "
          + maxChunkBytes + " bytes", null);
    }
    int size = (int) uncompressedSize;
    byte[] out;
    switch (compression) {
      case "" -> {
        if (len != size) throw new Failure("uncompressed chunk holds " + len + " bytes, header says " + size, null);
        out = java.util.Arrays.copyOfRange(src, off, off + len);
      }
      case "zstd" -> {
        checkExpansion("zstd", len, size, ZSTD_MAX_RATIO, ZSTD_BLOCK);
        int eager = eagerBytes(len, size);
        if (eager == size) {
          out = new byte[size];
          long n;
          try {
            n = Zstd.decompressByteArray(out, 0, size, src, off, len);
          } catch (RuntimeException e) {
            throw new Failure("zstd: " + e.getMessage(), e);
          }
          if (Zstd.isError(n)) throw new Failure("zstd: " + Zstd.getErrorName(n), null);
          if (n != size) throw new Failure("zstd gave " + n + " bytes, uncompressed_size says " + size, null);
        } else {
          try (InputStream in = new ZstdInputStreamNoFinalizer(new ByteArrayInputStream(src, off, len))) {
            out = readGrowing("zstd", in, size, eager);
          } catch (IOException | RuntimeException e) {
            throw new Failure("zstd: " + e.getMessage(), e);
          }
        }
      }
      case "lz4" -> {
        checkExpansion("lz4", len, size, LZ4_MAX_RATIO, LZ4_BLOCK);
        try (InputStream in = new LZ4FrameInputStream(new ByteArrayInputStream(src, off, len))) {
          out = readGrowing("lz4", in, size, eagerBytes(len, size));
        } catch (IOException | RuntimeException e) {
          throw new Failure("lz4: " + e.getMessage(), e);
        }
      }
      default -> throw new Failure("unknown compression '" + compression + "'", null);
    }
    if (expectedCrc != 0) {
      CRC32 crc = new CRC32();
      crc.update(out, 0, size);
      if (crc.getValue() != expectedCrc) {
        throw new Failure(String.format("uncompressed_crc mismatch: stored %08x, computed %08x", expectedCrc,
            crc.getValue()), null);
      }
    }
    return out;
  }

  private static void checkExpansion(String codec, int len, int size, long ratio, long slack) throws Failure {
    if (size > len * ratio + slack) {
      throw new Failure("uncompressed_size " + size + " is more than " + len + " bytes of " + codec
          + " can expand to", null);
    }
  }

  private static int eagerBytes(int len, int size) {
    return (int) Math.min(size, Math.max(EAGER_MIN, len * EAGER_RATIO));
  }

  /** Reads exactly SIZE bytes from IN into an array that starts at INITIAL bytes and doubles as data arrives. */
  private static byte[] readGrowing(String codec, InputStream in, int size, int initial) throws IOException, Failure {
    byte[] out = new byte[initial];
    int n = 0;
    while (n < size) {
      if (n == out.length) out = java.util.Arrays.copyOf(out, (int) Math.min(size, 2L * out.length));
      int r = in.read(out, n, out.length - n);
      if (r < 0) break;
      n += r;
    }
    if (n != size) throw new Failure(codec + " gave " + n + " bytes, uncompressed_size says " + size, null);
    if (in.read() >= 0) throw new Failure(codec + " data holds more than uncompressed_size " + size, null);
    return out;
  }

  /** Compresses SRC[0..len) for a chunk. */
  byte[] compress(byte[] src, int len) throws IOException {
    return switch (this) {
      case NONE -> java.util.Arrays.copyOf(src, len);
      case ZSTD -> {
        byte[] dst = new byte[(int) Zstd.compressBound(len)];
        long n = Zstd.compressByteArray(dst, 0, dst.length, src, 0, len, ZSTD_LEVEL);
        if (Zstd.isError(n)) throw new IOException("zstd: " + Zstd.getErrorName(n));
        yield java.util.Arrays.copyOf(dst, (int) n);
      }
      case LZ4 -> {
        ByteArrayOutputStream bos = new ByteArrayOutputStream(len / 2 + 64);
        try (LZ4FrameOutputStream out = new LZ4FrameOutputStream(bos, LZ4FrameOutputStream.BLOCKSIZE.SIZE_4MB)) {
          out.write(src, 0, len);
        }
        yield bos.toByteArray();
      }
    };
  }
}
