package dev.clip2scene.nodes.bag.mcap;

import dev.clip2scene.nodes.bag.BagFormatException;
import dev.clip2scene.nodes.bag.MessageFilter;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Turns the body of a Chunk record into a batch: header, decompression, CRC check, record walk, and the comparison
 * with the chunk's message indexes.
 */
final class ChunkDecoder {
  private final Path file;
  private final ChannelTable table;
  private final long maxChunkBytes;
  private final Consumer<BagFormatException> report;

  /** REPORT receives damage that does not stop reading (the chunk's messages are sound, its header is not). */
  ChunkDecoder(Path file, ChannelTable table, long maxChunkBytes, Consumer<BagFormatException> report) {
    this.file = file;
    this.table = table;
    this.maxChunkBytes = maxChunkBytes;
    this.report = report;
  }

  /**
   * BODY[0..length) is the Chunk record body; RECORD_OFFSET is where the record starts in the file. A chunk that
   * cannot be decompressed or fails its CRC throws; one whose records end in garbage yields the messages before it,
   * with the damage attached to the batch.
   */
  MessageBatch decode(byte[] body, int length, long recordOffset, MessageFilter filter) throws BagFormatException {
    try {
      BodyReader r = new BodyReader(body, 0, length);
      McapRecords.ChunkHeader h = McapRecords.ChunkHeader.parse(r);
      byte[] records = ChunkCodec.decompress(h.compression(), body, r.position(), (int) h.compressedSize(),
          h.uncompressedSize(), h.uncompressedCrc(), maxChunkBytes);
      MessageBatch batch = ChunkParser.parse(records, recordOffset, table, filter);
      if (batch.cutShort() != null) {
        batch.damaged(new BagFormatException(file, "Chunk record", recordOffset, batch.cutShort()));
      } else if (batch.messagesSeen() > 0 && (batch.firstSeen() < h.startTime() || batch.lastSeen() > h.endTime())) {
        // the header's span decides when a linear scan loads the chunk, so a wrong one can reorder messages
        report.accept(new BagFormatException(file, "Chunk record", recordOffset, "the header says its messages lie "
            + "in [" + h.startTime() + ", " + h.endTime() + "] ns, they lie in [" + batch.firstSeen() + ", "
            + batch.lastSeen() + "] ns"));
      }
      return batch;
    } catch (ChunkCodec.Failure e) {
      throw new BagFormatException(file, "Chunk record", recordOffset, e.getMessage(), e.getCause());
    } catch (BodyReader.Malformed e) {
      throw new BagFormatException(file, "Chunk record", recordOffset, e.getMessage());
    }
  }

  /**
   * Compares the SEEN messages of the chunk at RECORD_OFFSET with the number its MessageIndex records list,
   * INDEXED: the difference as damage, or null when they agree. The messages that are there are still handed out.
   */
  BagFormatException compareWithIndex(int seen, long recordOffset, long indexed) {
    if (indexed == seen) return null;
    return new BagFormatException(file, "Chunk record", recordOffset, "its message indexes list " + indexed
        + " messages, the chunk holds " + seen);
  }
}
