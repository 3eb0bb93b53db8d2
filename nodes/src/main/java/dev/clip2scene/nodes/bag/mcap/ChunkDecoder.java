package dev.clip2scene.nodes.bag.mcap;

import dev.clip2scene.nodes.bag.BagFormatException;
import dev.clip2scene.nodes.bag.MessageFilter;
import java.nio.file.Path;

/** Turns the body of a Chunk record into a batch: header, decompression, CRC check, record walk. */
final class ChunkDecoder {
  private final Path file;
  private final ChannelTable table;
  private final long maxChunkBytes;

  ChunkDecoder(Path file, ChannelTable table, long maxChunkBytes) {
    this.file = file;
    this.table = table;
    this.maxChunkBytes = maxChunkBytes;
  }

  /** BODY[0..length) is the Chunk record body; RECORD_OFFSET is where the record starts in the file. */
  MessageBatch decode(byte[] body, int length, long recordOffset, MessageFilter filter) throws BagFormatException {
    try {
      BodyReader r = new BodyReader(body, 0, length);
      McapRecords.ChunkHeader h = McapRecords.ChunkHeader.parse(r);
      byte[] records = ChunkCodec.decompress(h.compression(), body, r.position(), (int) h.compressedSize(),
          h.uncompressedSize(), h.uncompressedCrc(), maxChunkBytes);
      return ChunkParser.parse(records, recordOffset, table, filter);
    } catch (ChunkCodec.Failure e) {
      throw new BagFormatException(file, "Chunk record", recordOffset, e.getMessage(), e.getCause());
    } catch (BodyReader.Malformed e) {
      throw new BagFormatException(file, "Chunk record", recordOffset, e.getMessage());
    }
  }
}
