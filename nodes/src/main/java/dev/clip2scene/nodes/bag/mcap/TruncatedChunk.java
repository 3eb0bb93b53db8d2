package dev.clip2scene.nodes.bag.mcap;

import com.github.luben.zstd.ZstdInputStream;
import dev.clip2scene.nodes.bag.MessageFilter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import net.jpountz.lz4.LZ4FrameInputStream;

/**
 * The start of a Chunk record that a truncation cut off (a recorder that crashed mid-write): its records are
 * decompressed as far as the bytes reach, and every complete record among them is kept. A part cannot be
 * CRC-checked (a whole one is); the caller reports the truncation alongside.
 */
final class TruncatedChunk {
  /** message_start_time, message_end_time, uncompressed_size, uncompressed_crc, compression length. */
  private static final int FIXED_HEADER = 8 + 8 + 8 + 4 + 4;

  private TruncatedChunk() {}

  /** The complete messages in PARTIAL (the chunk body as far as the file goes), or null when none is readable. */
  static MessageBatch salvage(byte[] partial, long recordOffset, ChannelTable table, MessageFilter filter,
      long maxChunkBytes) {
    if (partial.length < FIXED_HEADER) return null;
    long uncompressedSize = Bytes.u64(partial, 16);
    long nameLength = Bytes.u32(partial, 28);
    if (nameLength > partial.length - FIXED_HEADER - 8) return null;
    String compression = new String(partial, FIXED_HEADER, (int) nameLength, StandardCharsets.UTF_8);
    int recordsAt = FIXED_HEADER + (int) nameLength + 8;
    int available = partial.length - recordsAt;
    long cap = Math.min(uncompressedSize, maxChunkBytes);
    byte[] records;
    try {
      records = switch (compression) {
        case "" -> java.util.Arrays.copyOfRange(partial, recordsAt, recordsAt + (int) Math.min(available, cap));
        case "zstd" -> drain(new ZstdInputStream(new ByteArrayInputStream(partial, recordsAt, available)), cap);
        case "lz4" -> drain(new LZ4FrameInputStream(new ByteArrayInputStream(partial, recordsAt, available)), cap);
        default -> null;
      };
    } catch (IOException | RuntimeException e) {
      return null; // not even the stream's header survived
    }
    if (records == null) return null;
    if (records.length == uncompressedSize && Bytes.u32(partial, 24) != 0) {
      // all of it is there after all (e.g. only the record's length field is wrong): its CRC can be checked
      java.util.zip.CRC32 crc = new java.util.zip.CRC32();
      crc.update(records);
      if (crc.getValue() != Bytes.u32(partial, 24)) return null;
    }
    try {
      return ChunkParser.parse(records, records.length, true, recordOffset, table, filter);
    } catch (BodyReader.Malformed e) {
      return null;
    }
  }

  /** Everything IN yields before its input runs out (which it reports as an error), at most CAP bytes. */
  private static byte[] drain(InputStream in, long cap) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] piece = new byte[1 << 16];
    try (in) {
      while (out.size() < cap) {
        int n = in.read(piece, 0, (int) Math.min(piece.length, cap - out.size()));
        if (n < 0) break;
        out.write(piece, 0, n);
      }
    } catch (IOException | RuntimeException e) {
      // the cut: keep what was decoded before it
    }
    return out.toByteArray();
  }
}
