package dev.clip2scene.nodes.bag.mcap;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
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
        out = new byte[size];
        long n;
        try {
          n = Zstd.decompressByteArray(out, 0, size, src, off, len);
        } catch (RuntimeException e) {
          throw new Failure("zstd: " + e.getMessage(), e);
        }
        if (Zstd.isError(n)) throw new Failure("zstd: " + Zstd.getErrorName(n), null);
        if (n != size) throw new Failure("zstd gave " + n + " bytes, uncompressed_size says " + size, null);
      }
      case "lz4" -> {
        out = new byte[size];
        try (LZ4FrameInputStream in = new LZ4FrameInputStream(new ByteArrayInputStream(src, off, len))) {
          int n = in.readNBytes(out, 0, size);
          if (n != size) throw new Failure("lz4 gave " + n + " bytes, uncompressed_size says " + size, null);
          if (in.read() >= 0) throw new Failure("lz4 frame holds more than uncompressed_size " + size, null);
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
