package dev.clip2scene.nodes.bag.mcap;

import java.util.Map;

/** The MCAP records a bag reader needs, parsed from record bodies. */
final class McapRecords {
  private McapRecords() {}

  record Schema(int id, String name, String encoding, byte[] data) {
    static Schema parse(BodyReader r) {
      return new Schema(r.u16("schema id"), r.string("schema name"), r.string("schema encoding"),
          r.bytes32("schema data"));
    }
  }

  record Channel(int id, int schemaId, String topic, String messageEncoding, Map<String, String> metadata) {
    static Channel parse(BodyReader r) {
      return new Channel(r.u16("channel id"), r.u16("channel schema_id"), r.string("channel topic"),
          r.string("channel message_encoding"), r.stringMap("channel metadata"));
    }
  }

  /** Chunk header fields; the compressed records follow at {@code recordsOffset} within the record body. */
  record ChunkHeader(long startTime, long endTime, long uncompressedSize, long uncompressedCrc, String compression,
      long compressedSize) {
    static ChunkHeader parse(BodyReader r) {
      return new ChunkHeader(r.u64("chunk message_start_time"), r.u64("chunk message_end_time"),
          r.u64("chunk uncompressed_size"), r.u32("chunk uncompressed_crc"), r.string("chunk compression"),
          r.length64("chunk records"));
    }
  }

  record ChunkIndex(long startTime, long endTime, long chunkOffset, long chunkLength,
      Map<Integer, Long> messageIndexOffsets, long messageIndexLength, String compression, long compressedSize,
      long uncompressedSize) {
    static ChunkIndex parse(BodyReader r) {
      return new ChunkIndex(r.u64("message_start_time"), r.u64("message_end_time"), r.u64("chunk_start_offset"),
          r.u64("chunk_length"), r.u16u64Map("message_index_offsets"), r.u64("message_index_length"),
          r.string("compression"), r.u64("compressed_size"), r.u64("uncompressed_size"));
    }
  }

  record Statistics(long messageCount, int schemaCount, long channelCount, long attachmentCount,
      long metadataCount, long chunkCount, long startTime, long endTime, Map<Integer, Long> channelMessageCounts) {
    static Statistics parse(BodyReader r) {
      return new Statistics(r.u64("message_count"), r.u16("schema_count"), r.u32("channel_count"),
          r.u32("attachment_count"), r.u32("metadata_count"), r.u32("chunk_count"), r.u64("message_start_time"),
          r.u64("message_end_time"), r.u16u64Map("channel_message_counts"));
    }
  }

  /**
   * The number of messages the MessageIndex records filling BUF[FROM, TO) list: each is channel_id (u16), then a
   * u32 byte length of (log_time u64, offset u64) pairs.
   */
  static long countIndexedMessages(byte[] buf, int from, int to) {
    long n = 0;
    int pos = from;
    while (pos < to) {
      if (to - pos < Mcap.RECORD_HEADER) throw new BodyReader.Malformed("record header cut off");
      int op = buf[pos] & 0xFF;
      long len = Bytes.u64(buf, pos + 1);
      if (op != Mcap.MESSAGE_INDEX) {
        throw new BodyReader.Malformed(Mcap.name(op) + " record where the chunk's message indexes should be");
      }
      if (len < 0 || len > to - pos - Mcap.RECORD_HEADER) {
        throw new BodyReader.Malformed("MessageIndex length " + Long.toUnsignedString(len) + " overruns the "
            + (to - pos - Mcap.RECORD_HEADER) + " bytes of indexes left");
      }
      n += countEntries(new BodyReader(buf, pos + Mcap.RECORD_HEADER, (int) len));
      pos += Mcap.RECORD_HEADER + (int) len;
    }
    return n;
  }

  /** The entries of one MessageIndex record body. */
  static long countEntries(BodyReader r) {
    r.u16("message index channel_id");
    int bytes = r.length32("message index records");
    if (bytes % 16 != 0) throw new BodyReader.Malformed("message index records length " + bytes + " is not a multiple of 16");
    return bytes / 16;
  }

  record Metadata(String name, Map<String, String> entries) {
    static Metadata parse(BodyReader r) {
      return new Metadata(r.string("metadata name"), r.stringMap("metadata entries"));
    }
  }

  record MetadataIndex(long offset, long length, String name) {
    static MetadataIndex parse(BodyReader r) {
      return new MetadataIndex(r.u64("metadata offset"), r.u64("metadata length"), r.string("metadata name"));
    }
  }

  record Footer(long summaryStart, long summaryOffsetStart, long summaryCrc) {
    static Footer parse(BodyReader r) {
      return new Footer(r.u64("summary_start"), r.u64("summary_offset_start"), r.u32("summary_crc"));
    }
  }
}
