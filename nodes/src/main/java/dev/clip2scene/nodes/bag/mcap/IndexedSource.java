package dev.clip2scene.nodes.bag.mcap;

import dev.clip2scene.nodes.bag.BagFormatException;
import dev.clip2scene.nodes.bag.MessageFilter;
import dev.clip2scene.nodes.bag.ReadLimits;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * Batches from the chunks the summary's chunk indexes list, in order of their first message time. Each chunk is read
 * together with the MessageIndex records that follow it, and its message count is compared with theirs.
 */
final class IndexedSource implements BatchSource {
  private final FileSource file;
  private final ChunkDecoder decoder;
  private final MessageFilter filter;
  private final ReadLimits limits;
  private final Consumer<BagFormatException> report;
  private final Deque<McapRecords.ChunkIndex> pending;
  /** Compressed chunk bodies are read into one reused buffer; decompression always makes a fresh array. */
  private byte[] body = new byte[0];

  IndexedSource(FileSource file, ChannelTable table, List<McapRecords.ChunkIndex> indexes, MessageFilter filter,
      ReadLimits limits, Consumer<BagFormatException> report) {
    this.file = file;
    this.decoder = new ChunkDecoder(file.path(), table, limits.maxChunkBytes(), report);
    this.filter = filter;
    this.limits = limits;
    this.report = report;
    this.pending = new ArrayDeque<>(indexes.stream()
        .filter(ci -> filter.overlaps(ci.startTime(), ci.endTime()) && holdsWantedTopic(ci, table, filter))
        .sorted(Comparator.comparingLong(McapRecords.ChunkIndex::startTime)
            .thenComparingLong(McapRecords.ChunkIndex::chunkOffset))
        .toList());
  }

  /** A chunk index lists the channels in its chunk; skip chunks with none of the wanted topics. */
  private static boolean holdsWantedTopic(McapRecords.ChunkIndex ci, ChannelTable table, MessageFilter filter) {
    if (filter.topics().isEmpty() || ci.messageIndexOffsets().isEmpty()) return true;
    for (int id : ci.messageIndexOffsets().keySet()) {
      McapRecords.Channel c = table.channel(id);
      if (c == null || filter.acceptsTopic(c.topic())) return true;
    }
    return false;
  }

  @Override
  public long nextStart() {
    return pending.isEmpty() ? Long.MAX_VALUE : pending.peekFirst().startTime();
  }

  @Override
  public MessageBatch load() throws IOException {
    McapRecords.ChunkIndex ci = pending.pollFirst();
    long at = ci.chunkOffset();
    long len = ci.chunkLength();
    if (len < Mcap.RECORD_HEADER || at < 0 || at > file.size() - len) {
      throw new BagFormatException(file.path(), "ChunkIndex", at, "chunk of " + len + " bytes lies outside the "
          + file.size() + "-byte file");
    }
    if (len - Mcap.RECORD_HEADER > limits.maxChunkBytes()) {
      throw new BagFormatException(file.path(), "Chunk record", at, "length " + len + " exceeds the limit of "
          + limits.maxChunkBytes() + " bytes");
    }
    byte[] head = file.read(at, Mcap.RECORD_HEADER);
    if ((head[0] & 0xFF) != Mcap.CHUNK || Bytes.u64(head, 1) != len - Mcap.RECORD_HEADER) {
      throw new BagFormatException(file.path(), "Chunk record", at, "the chunk index points at a "
          + Mcap.name(head[0] & 0xFF) + " record of length " + Long.toUnsignedString(Bytes.u64(head, 1))
          + ", not a Chunk of length " + (len - Mcap.RECORD_HEADER));
    }
    int bodyLength = (int) (len - Mcap.RECORD_HEADER);
    int indexLength = indexesRightAfter(ci) ? (int) ci.messageIndexLength() : 0;
    if (body.length < bodyLength + indexLength) body = new byte[bodyLength + indexLength];
    file.readFully(at + Mcap.RECORD_HEADER, body, 0, bodyLength + indexLength);
    MessageBatch batch = decoder.decode(body, bodyLength, at, filter);
    if (indexLength > 0 && batch.damage() == null) {
      try {
        BagFormatException e = decoder.compareWithIndex(batch.messagesSeen(), at,
            McapRecords.countIndexedMessages(body, bodyLength, bodyLength + indexLength));
        if (e != null) report.accept(e);
      } catch (BodyReader.Malformed e) {
        report.accept(new BagFormatException(file.path(), "MessageIndex records", at + len, e.getMessage()));
      }
    }
    return batch;
  }

  /**
   * Whether the chunk's MessageIndex records can be checked with the chunk: they follow it directly (as every
   * writer puts them), inside the file and the record limit.
   */
  private boolean indexesRightAfter(McapRecords.ChunkIndex ci) {
    long length = ci.messageIndexLength();
    long end = ci.chunkOffset() + ci.chunkLength();
    return length > 0 && !ci.messageIndexOffsets().isEmpty() && length <= limits.maxRecordBytes()
        && length <= file.size() - end && Collections.min(ci.messageIndexOffsets().values()) == end
        && ci.chunkLength() - Mcap.RECORD_HEADER + length <= Integer.MAX_VALUE - 16;
  }

  @Override
  public void finish() {}
}
