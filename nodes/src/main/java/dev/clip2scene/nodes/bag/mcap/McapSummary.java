package dev.clip2scene.nodes.bag.mcap;

import dev.clip2scene.nodes.bag.BagFormatException;
import dev.clip2scene.nodes.bag.ReadLimits;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The footer and summary section of an MCAP file: schemas, channels, chunk indexes, statistics, metadata indexes.
 * {@link #read} returns null when the file has a valid footer but no summary; it throws when the end of the file is
 * not a footer (truncated) or the summary is damaged, and the caller then scans linearly.
 */
record McapSummary(long start, ChannelTable table, List<McapRecords.ChunkIndex> chunkIndexes,
    McapRecords.Statistics statistics, List<McapRecords.MetadataIndex> metadataIndexes) {

  static McapSummary read(FileSource file, ReadLimits limits) throws IOException {
    long size = file.size();
    long footerAt = size - Mcap.MAGIC.length - Mcap.FOOTER_RECORD;
    if (footerAt < Mcap.MAGIC.length) {
      throw new BagFormatException(file.path(), "Footer record", Math.max(0, footerAt),
          "file of " + size + " bytes is too short for a footer (truncated)");
    }
    byte[] tail = file.read(footerAt, Mcap.FOOTER_RECORD + Mcap.MAGIC.length);
    if (!Arrays.equals(tail, Mcap.FOOTER_RECORD, tail.length, Mcap.MAGIC, 0, Mcap.MAGIC.length)
        || (tail[0] & 0xFF) != Mcap.FOOTER || Bytes.u64(tail, 1) != Mcap.FOOTER_RECORD - Mcap.RECORD_HEADER) {
      throw new BagFormatException(file.path(), "Footer record", footerAt,
          "the file does not end in a footer and the closing magic (truncated, e.g. a recorder that crashed)");
    }
    McapRecords.Footer footer = McapRecords.Footer.parse(new BodyReader(tail, Mcap.RECORD_HEADER, 20));
    long start = footer.summaryStart();
    if (start == 0) return null;
    if (start < Mcap.MAGIC.length || start > footerAt) {
      throw new BagFormatException(file.path(), "Footer record", footerAt, "summary_start " + start
          + " lies outside the file");
    }
    long len = footerAt - start;
    if (len > limits.maxChunkBytes()) {
      throw new BagFormatException(file.path(), "summary section", start, "length " + len + " exceeds the limit");
    }
    byte[] summary = file.read(start, (int) len);
    if (footer.summaryCrc() != 0) {
      CRC32 crc = new CRC32();
      crc.update(summary);
      crc.update(tail, 0, Mcap.RECORD_HEADER + 16); // footer opcode, length, summary_start, summary_offset_start
      if (crc.getValue() != footer.summaryCrc()) {
        throw new BagFormatException(file.path(), "summary section", start, String.format(
            "summary CRC mismatch: stored %08x, computed %08x", footer.summaryCrc(), crc.getValue()));
      }
    }
    return parse(file, summary, start);
  }

  private static McapSummary parse(FileSource file, byte[] summary, long base) throws BagFormatException {
    ChannelTable table = new ChannelTable();
    List<McapRecords.Channel> channels = new ArrayList<>();
    List<McapRecords.ChunkIndex> chunks = new ArrayList<>();
    List<McapRecords.MetadataIndex> metadata = new ArrayList<>();
    McapRecords.Statistics stats = null;
    int pos = 0;
    while (pos < summary.length) {
      int op = summary[pos] & 0xFF;
      try {
        if (summary.length - pos < Mcap.RECORD_HEADER) throw new BodyReader.Malformed("record header cut off");
        long len = Bytes.u64(summary, pos + 1);
        int body = pos + Mcap.RECORD_HEADER;
        if (len < 0 || len > summary.length - body) {
          throw new BodyReader.Malformed("length " + Long.toUnsignedString(len) + " overruns the summary");
        }
        BodyReader r = new BodyReader(summary, body, (int) len);
        switch (op) {
          case 0 -> throw new BodyReader.Malformed("opcode 0x00: zeroed bytes where a record should start");
          case Mcap.SCHEMA -> table.add(McapRecords.Schema.parse(r));
          case Mcap.CHANNEL -> channels.add(McapRecords.Channel.parse(r));
          case Mcap.CHUNK_INDEX -> chunks.add(McapRecords.ChunkIndex.parse(r));
          case Mcap.STATISTICS -> stats = McapRecords.Statistics.parse(r);
          case Mcap.METADATA_INDEX -> metadata.add(McapRecords.MetadataIndex.parse(r));
          default -> { } // attachment indexes, summary offsets: not needed to read messages
        }
        pos = body + (int) len;
      } catch (BodyReader.Malformed e) {
        throw new BagFormatException(file.path(), Mcap.name(op) + " record in the summary", base + pos,
            e.getMessage());
      }
    }
    channels.forEach(table::add); // after all schemas, so each channel finds its schema
    return new McapSummary(base, table, chunks, stats, metadata);
  }

  /** Whether the chunk indexes cover every message (false for unchunked files, which need a linear scan). */
  boolean indexesAllMessages() {
    return !chunkIndexes.isEmpty() || (statistics != null && statistics.messageCount() == 0);
  }
}
