package dev.clip2scene.nodes.bag.mcap;

import dev.clip2scene.nodes.bag.MessageFilter;

/**
 * Walks the records of a decompressed chunk: Schema and Channel records join the channel table, Message records the
 * filter accepts join a batch. A record that does not fit its chunk ends the walk; what came before it is kept.
 */
final class ChunkParser {
  /** A Message body is at least channel_id (2), sequence (4), log_time (8), publish_time (8). */
  static final int MESSAGE_FIXED = 22;

  private ChunkParser() {}

  static MessageBatch parse(byte[] records, long seq, ChannelTable table, MessageFilter filter) {
    return parse(records, records.length, false, seq, table, filter);
  }

  /**
   * Walks RECORDS[0..end). With CUT_OFF_ENDS (the salvaged start of a truncated chunk) a last record that does not
   * fit ends the walk quietly. Otherwise a record that does not fit, or an opcode 0 (zeroed bytes: no MCAP record
   * has it), ends the walk with the batch marked {@link MessageBatch#cutShort}: the messages before it are kept.
   */
  static MessageBatch parse(byte[] records, int end, boolean cutOffEnds, long seq, ChannelTable table,
      MessageFilter filter) {
    MessageBatch batch = new MessageBatch(records, seq);
    int pos = 0;
    try {
      while (pos < end) {
        if (end - pos < Mcap.RECORD_HEADER) {
          if (cutOffEnds) break;
          throw new BodyReader.Malformed("record header at chunk offset " + pos + " is cut off");
        }
        int op = records[pos] & 0xFF;
        if (op == 0) {
          throw new BodyReader.Malformed("opcode 0x00 at chunk offset " + pos + " of " + end + ": zeroed bytes where a "
              + "record should start");
        }
        long len = Bytes.u64(records, pos + 1);
        int body = pos + Mcap.RECORD_HEADER;
        if (len < 0 || len > end - body) {
          if (cutOffEnds) break;
          throw new BodyReader.Malformed(Mcap.name(op) + " record at chunk offset " + pos + " has length "
              + Long.toUnsignedString(len) + ", only " + (end - body) + " bytes left in the chunk");
        }
        int n = (int) len;
        switch (op) {
          case Mcap.MESSAGE -> addMessage(records, body, n, pos, batch, table, filter);
          case Mcap.SCHEMA -> table.add(McapRecords.Schema.parse(new BodyReader(records, body, n)));
          case Mcap.CHANNEL -> table.add(McapRecords.Channel.parse(new BodyReader(records, body, n)));
          default -> { } // other records may appear in chunks; they carry nothing a bag reader needs
        }
        pos = body + n;
      }
    } catch (BodyReader.Malformed e) {
      batch.cutShort(e.getMessage() + " (" + batch.messagesSeen() + " messages before it)");
    }
    return batch.sorted();
  }

  static void addMessage(byte[] buf, int body, int n, long at, MessageBatch batch, ChannelTable table,
      MessageFilter filter) {
    if (n < MESSAGE_FIXED) {
      throw new BodyReader.Malformed("Message record at offset " + at + " is only " + n + " bytes");
    }
    int channelId = Bytes.u16(buf, body);
    ChannelTable.ChannelRef ref = table.ref(channelId);
    if (ref == null) {
      throw new BodyReader.Malformed("Message record at offset " + at + " names channel " + channelId
          + ", which no Channel record defines");
    }
    long logTime = Bytes.u64(buf, body + 6);
    batch.saw(logTime);
    if (filter.acceptsTopic(ref.topic()) && filter.acceptsTime(logTime)) batch.add(body, n, logTime, ref);
  }
}
