package dev.clip2scene.nodes.bag.mcap;

import dev.clip2scene.nodes.bag.BagFormatException;
import dev.clip2scene.nodes.bag.MessageFilter;
import dev.clip2scene.nodes.bag.ReadLimits;
import java.io.IOException;
import java.util.function.Consumer;
import java.util.zip.CRC32;

/**
 * Batches read record by record from the start of the file: for files without a summary (a recorder that crashed,
 * a writer that skips it) or whose summary is damaged, and for verification. Checks the data section CRC when
 * DataEnd is reached, and each chunk's message count against the MessageIndex records after it. Opcode 0 (zeroed
 * bytes, which no MCAP record has) where a record should start is damage. Assumes chunks follow each other in
 * roughly ascending time, as recorders write them; each chunk is still sorted.
 */
final class LinearSource implements BatchSource {
  private static final int SKIP_PIECE = 1 << 20;

  private final FileSource file;
  private final ChannelTable table;
  private final ChunkDecoder decoder;
  private final MessageFilter filter;
  private final ReadLimits limits;
  private final Consumer<BagFormatException> report;
  private final CRC32 crc = new CRC32();
  private final byte[] head = new byte[Mcap.RECORD_HEADER];
  private long pos;
  private boolean ended;
  private long storedDataCrc = -1;
  /** Where the DataEnd record ends (the summary, if any, starts there); -1 until it is read. */
  private long dataEndEnd = -1;

  // the unit read ahead: a Chunk body, or a ready batch (one bare Message, or what a cut-off chunk gave up)
  private byte[] pendingChunk;
  private long pendingOffset;
  private long pendingStart = Long.MAX_VALUE;
  private MessageBatch pendingBatch;
  /** Damage found while reading ahead, reported after the batch read with it. */
  private BagFormatException deferred;
  // the last chunk decoded whole (its messages, -1: none to compare) and what its MessageIndex records list so far
  // (-1: no MessageIndex seen)
  private int lastChunkMessages = -1;
  private long lastChunkOffset;
  private long indexedMessages = -1;

  LinearSource(FileSource file, ChannelTable table, MessageFilter filter, ReadLimits limits,
      Consumer<BagFormatException> report) {
    this.file = file;
    this.table = table;
    this.decoder = new ChunkDecoder(file.path(), table, limits.maxChunkBytes(), report);
    this.filter = filter;
    this.limits = limits;
    this.report = report;
    this.pos = Mcap.MAGIC.length;
    crc.update(Mcap.MAGIC);
  }

  @Override
  public long nextStart() throws IOException {
    while (pendingChunk == null && pendingBatch == null && !ended) readRecord();
    if (pendingChunk != null || pendingBatch != null) return pendingStart;
    if (deferred != null) {
      BagFormatException e = deferred;
      deferred = null;
      throw e;
    }
    return Long.MAX_VALUE;
  }

  @Override
  public MessageBatch load() throws IOException {
    nextStart();
    MessageBatch b;
    if (pendingChunk != null) {
      b = decoder.decode(pendingChunk, pendingChunk.length, pendingOffset, filter);
      lastChunkMessages = b.damage() == null ? b.messagesSeen() : -1;
      lastChunkOffset = pendingOffset;
      indexedMessages = -1;
    } else {
      b = pendingBatch;
    }
    pendingChunk = null;
    pendingBatch = null;
    pendingStart = Long.MAX_VALUE;
    return b;
  }

  @Override
  public void finish() throws BagFormatException {
    if (storedDataCrc > 0 && storedDataCrc != crc.getValue()) {
      throw new BagFormatException(file.path(), "DataEnd record", pos, String.format(
          "data section CRC mismatch: stored %08x, computed %08x", storedDataCrc, crc.getValue()));
    }
  }

  /** Where the DataEnd record ends, once the scan reached it; -1 before (or when the file has none). */
  long dataEndEnd() {
    return dataEndEnd;
  }

  private void readRecord() throws IOException {
    long at = pos;
    long left = file.size() - at;
    if (left == 0) {
      ended = true;
      throw new BagFormatException(file.path(), "data section", at, "file ends without a DataEnd record (truncated)");
    }
    if (left < Mcap.RECORD_HEADER) {
      ended = true;
      throw new BagFormatException(file.path(), "record header", at, "cut off after " + left + " bytes (truncated)");
    }
    file.readFully(at, head, 0, Mcap.RECORD_HEADER);
    int op = head[0] & 0xFF;
    long len = Bytes.u64(head, 1);
    left -= Mcap.RECORD_HEADER;
    if (op != Mcap.MESSAGE_INDEX) compareLastChunkWithIndex();
    if (op == 0) {
      ended = true;
      throw new BagFormatException(file.path(), "record", at, "opcode 0x00: zeroed bytes where a record should "
          + "start (" + (left + Mcap.RECORD_HEADER) + " bytes from here to the end of the file)");
    }
    if (len < 0 || len > left) {
      ended = true;
      String problem = "length " + Long.toUnsignedString(len) + " exceeds the " + left
          + " bytes left in the file (truncated)";
      if (op == Mcap.CHUNK && len > 0) problem += salvage(at, left);
      BagFormatException cut = new BagFormatException(file.path(), Mcap.name(op) + " record", at, problem);
      if (pendingBatch == null) throw cut;
      deferred = cut; // reported once the recovered messages are handed out
      return;
    }
    if (op == Mcap.DATA_END || op == Mcap.FOOTER) {
      ended = true;
      pos = at;
      if (op == Mcap.FOOTER) {
        throw new BagFormatException(file.path(), "Footer record", at, "the data section ends without a DataEnd "
            + "record");
      }
      if (len >= 4) {
        byte[] body = file.read(at + Mcap.RECORD_HEADER, 4);
        storedDataCrc = Bytes.u32(body, 0);
      }
      dataEndEnd = at + Mcap.RECORD_HEADER + len;
      return;
    }
    crc.update(head);
    long bodyAt = at + Mcap.RECORD_HEADER;
    pos = bodyAt + len;
    switch (op) {
      case Mcap.CHUNK, Mcap.MESSAGE, Mcap.SCHEMA, Mcap.CHANNEL -> {
        long cap = op == Mcap.CHUNK ? limits.maxChunkBytes() : limits.maxRecordBytes();
        if (len > cap) {
          ended = true;
          throw new BagFormatException(file.path(), Mcap.name(op) + " record", at, "length " + len
              + " exceeds the limit of " + cap + " bytes");
        }
        byte[] body = file.read(bodyAt, (int) len);
        crc.update(body);
        take(op, body, at);
      }
      case Mcap.MESSAGE_INDEX -> {
        if (len > limits.maxRecordBytes()) {
          skip(bodyAt, len);
          return;
        }
        byte[] body = file.read(bodyAt, (int) len);
        crc.update(body);
        countIndex(body, at);
      }
      default -> skip(bodyAt, len);
    }
  }

  /** Adds the entries of a MessageIndex record to those of the chunk before it. */
  private void countIndex(byte[] body, long at) {
    if (lastChunkMessages < 0) return; // an index with no chunk before it: nothing to compare
    try {
      long n = McapRecords.countEntries(new BodyReader(body, 0, body.length));
      indexedMessages = Math.max(0, indexedMessages) + n;
    } catch (BodyReader.Malformed e) {
      report.accept(new BagFormatException(file.path(), "MessageIndex record", at, e.getMessage()));
      lastChunkMessages = -1;
    }
  }

  /** Once the MessageIndex records after a chunk are read: their count against the chunk's. */
  private void compareLastChunkWithIndex() {
    if (lastChunkMessages >= 0 && indexedMessages >= 0) {
      BagFormatException e = decoder.compareWithIndex(lastChunkMessages, lastChunkOffset, indexedMessages);
      if (e != null) report.accept(e);
    }
    lastChunkMessages = -1;
    indexedMessages = -1;
  }

  /**
   * Keeps the complete messages at the start of a chunk the file's end cut off; they are handed out before the
   * truncation is reported. Returns what to add to the report.
   */
  private String salvage(long at, long left) throws IOException {
    byte[] partial = file.read(at + Mcap.RECORD_HEADER, (int) Math.min(left, limits.maxChunkBytes()));
    MessageBatch b = TruncatedChunk.salvage(partial, at, table, filter, limits.maxChunkBytes());
    if (b == null || b.isEmpty()) return "; no complete message in the bytes present";
    pendingBatch = b;
    pendingStart = b.headTime();
    return "; " + b.size() + " complete messages recovered from the bytes present (no CRC to check them)";
  }

  private void take(int op, byte[] body, long at) throws BagFormatException {
    try {
      switch (op) {
        case Mcap.CHUNK -> {
          if (body.length < 8) throw new BodyReader.Malformed("chunk body of only " + body.length + " bytes");
          pendingChunk = body;
          pendingOffset = at;
          pendingStart = Bytes.u64(body, 0);
        }
        case Mcap.MESSAGE -> {
          MessageBatch b = new MessageBatch(body, at);
          ChunkParser.addMessage(body, 0, body.length, at, b, table, filter);
          if (!b.isEmpty()) {
            pendingBatch = b;
            pendingStart = b.headTime();
          }
        }
        case Mcap.SCHEMA -> table.add(McapRecords.Schema.parse(new BodyReader(body, 0, body.length)));
        default -> table.add(McapRecords.Channel.parse(new BodyReader(body, 0, body.length)));
      }
    } catch (BodyReader.Malformed e) {
      ended = true;
      pendingChunk = null;
      throw new BagFormatException(file.path(), Mcap.name(op) + " record", at, e.getMessage());
    }
  }

  /** Records the reader does not need: read through in pieces for the CRC, never allocating their length. */
  private void skip(long from, long len) throws IOException {
    byte[] piece = new byte[(int) Math.min(SKIP_PIECE, Math.max(len, 1))];
    long done = 0;
    while (done < len) {
      int n = (int) Math.min(piece.length, len - done);
      file.readFully(from + done, piece, 0, n);
      crc.update(piece, 0, n);
      done += n;
    }
  }
}
