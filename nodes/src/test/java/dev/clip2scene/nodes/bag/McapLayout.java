package dev.clip2scene.nodes.bag;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jpountz.lz4.LZ4FrameInputStream;

/**
 * Where everything lies in an intact MCAP file, parsed by the test itself from the spec (not by the reader under
 * test): the data section's records, each chunk with the messages it holds, the summary, and the byte offsets of the
 * fields a mutation aims at (record lengths, chunk header fields, chunk index fields).
 */
final class McapLayout {
  /** A message as both sides can name it without the channel table. */
  record Key(long logTime, long publishTime, int length, int hash) {
    static Key of(BagMessage m) {
      return new Key(m.logTimeNs(), m.publishTimeNs(), m.data().length, Arrays.hashCode(m.data()));
    }
  }

  /**
   * A chunk, or a Message record outside chunks: [offset, end) in the file, its first log time as the reader sorts
   * chunks by, its messages, and for uncompressed chunks where each record inside starts in the file.
   */
  record Unit(long offset, long end, long startTime, boolean chunk, long crc, List<Key> messages,
      List<Integer> recordStarts) {}

  final byte[] bytes;
  final List<Unit> units = new ArrayList<>();
  /** Fields holding a length or size (record lengths, chunk sizes, string lengths): offset and width in bytes. */
  final List<int[]> sizeFields = new ArrayList<>();
  /** CRC fields (chunk, data section, summary): offset of each 4-byte field. */
  final List<Integer> crcFields = new ArrayList<>();
  /** Offsets of record headers and chunk header fields: what "flipped bytes in headers" aims at. */
  final List<Integer> headerBytes = new ArrayList<>();
  /** Offsets of bytes of MessageIndex and ChunkIndex records. */
  final List<Integer> indexBytes = new ArrayList<>();
  long dataEnd = -1;
  long summaryStart;
  long summaryCrc;
  long dataCrc;
  boolean hasChunkIndexes;

  McapLayout(byte[] bytes) {
    this.bytes = bytes;
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    summaryStart = b.getLong(bytes.length - 8 - 20);
    summaryCrc = Integer.toUnsignedLong(b.getInt(bytes.length - 8 - 4));
    int pos = 8;
    while (pos < bytes.length - 8) {
      int op = bytes[pos] & 0xFF;
      long len = b.getLong(pos + 1);
      headerBytes.add(pos);
      sizeFields.add(new int[] {pos + 1, 8});
      int body = pos + 9;
      switch (op) {
        case 0x06 -> units.add(chunk(b, pos, body, (int) len));
        case 0x05 -> units.add(new Unit(pos, body + len, b.getLong(body + 6), false, 0,
            List.of(message(b, body, (int) len)), List.of(pos)));
        case 0x07, 0x08 -> {
          for (int i = body; i < body + len; i++) indexBytes.add(i);
          if (op == 0x08) {
            hasChunkIndexes = true;
            sizeFields.add(new int[] {body + 24, 8}); // chunk_length
            sizeFields.add(new int[] {(int) (body + len - 8), 8}); // uncompressed_size
          }
        }
        case 0x0F -> {
          dataEnd = pos;
          dataCrc = Integer.toUnsignedLong(b.getInt(body));
          crcFields.add(body);
        }
        default -> { }
      }
      if (op == 0x02) {
        crcFields.add(body + 16);
        break; // footer
      }
      pos = body + (int) len;
    }
  }

  private Unit chunk(ByteBuffer b, int at, int body, int len) {
    long start = b.getLong(body);
    long size = b.getLong(body + 16);
    long crc = Integer.toUnsignedLong(b.getInt(body + 24));
    int nameLength = b.getInt(body + 28);
    String compression = new String(bytes, body + 32, nameLength, java.nio.charset.StandardCharsets.US_ASCII);
    int recordsAt = body + 32 + nameLength + 8;
    int recordsLength = (int) b.getLong(body + 32 + nameLength);
    for (int i = body; i < recordsAt; i++) headerBytes.add(i);
    sizeFields.add(new int[] {body + 16, 8});
    sizeFields.add(new int[] {body + 28, 4});
    sizeFields.add(new int[] {body + 32 + nameLength, 8});
    crcFields.add(body + 24);
    byte[] records = switch (compression) {
      case "" -> Arrays.copyOfRange(bytes, recordsAt, recordsAt + recordsLength);
      case "zstd" -> Zstd.decompress(Arrays.copyOfRange(bytes, recordsAt, recordsAt + recordsLength), (int) size);
      case "lz4" -> lz4(recordsAt, recordsLength, (int) size);
      default -> throw new IllegalStateException("compression " + compression);
    };
    ByteBuffer r = ByteBuffer.wrap(records).order(ByteOrder.LITTLE_ENDIAN);
    List<Key> messages = new ArrayList<>();
    List<Integer> starts = new ArrayList<>();
    int pos = 0;
    while (pos < records.length) {
      long n = r.getLong(pos + 1);
      if (compression.isEmpty()) {
        starts.add(recordsAt + pos);
        headerBytes.add(recordsAt + pos);
        sizeFields.add(new int[] {recordsAt + pos + 1, 8});
      }
      if (records[pos] == 0x05) messages.add(message(r, pos + 9, (int) n));
      pos += 9 + (int) n;
    }
    return new Unit(at, body + len, start, true, crc, messages, starts);
  }

  private byte[] lz4(int at, int length, int size) {
    try (LZ4FrameInputStream in = new LZ4FrameInputStream(new ByteArrayInputStream(bytes, at, length))) {
      return in.readNBytes(size);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Key message(ByteBuffer b, int body, int len) {
    byte[] data = new byte[len - 22];
    b.get(body + 22, data);
    return new Key(b.getLong(body + 6), b.getLong(body + 14), data.length, Arrays.hashCode(data));
  }

  boolean everyChunkHasACrc() {
    return units.stream().noneMatch(u -> u.chunk() && u.crc() == 0);
  }

  /** The unit that contains byte AT, or null. */
  Unit unitAt(long at) {
    for (Unit u : units) if (at >= u.offset() && at < u.end()) return u;
    return null;
  }
}
