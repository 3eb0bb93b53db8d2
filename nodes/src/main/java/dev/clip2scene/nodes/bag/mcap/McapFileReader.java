package dev.clip2scene.nodes.bag.mcap;

import dev.clip2scene.nodes.bag.BagFormatException;
import dev.clip2scene.nodes.bag.BagMessage;
import dev.clip2scene.nodes.bag.MessageCounts;
import dev.clip2scene.nodes.bag.MessageCursor;
import dev.clip2scene.nodes.bag.MessageFilter;
import dev.clip2scene.nodes.bag.MessageLocator;
import dev.clip2scene.nodes.bag.ReadLimits;
import dev.clip2scene.nodes.bag.StorageReader;
import dev.clip2scene.nodes.bag.TopicInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads one MCAP file of a ROS 2 bag. With a summary it seeks chunk by chunk through the chunk indexes; without one
 * (or with a damaged one) it scans the file from the start. Memory: the chunks overlapping in time, never the file.
 */
public final class McapFileReader implements StorageReader, MessageLocator {
  private final FileSource file;
  private final ReadLimits limits;
  private final McapSummary summary;
  private final boolean indexed;
  private final boolean readable;
  /** Channels met while scanning linearly (shared by linear cursors). */
  private final ChannelTable scanned = new ChannelTable();
  private final Map<String, BagFormatException> damage = new LinkedHashMap<>();
  private List<TopicInfo> topics;
  private long[] timeRange;
  /** Whether a linear scan has filled {@link #scanned} (needed before reading a chunk of an unindexed file alone). */
  private boolean scannedAll;

  private McapFileReader(FileSource file, ReadLimits limits) throws IOException {
    this.file = file;
    this.limits = limits;
    byte[] magic = file.read(0, (int) Math.min(Mcap.MAGIC.length, file.size()));
    if (!Arrays.equals(magic, 0, magic.length, Mcap.MAGIC, 0, magic.length)) {
      throw new BagFormatException(file.path(), "magic", 0, "not an MCAP file (the first bytes are not 89 4D 43 41 "
          + "50 30 0D 0A)");
    }
    readable = magic.length == Mcap.MAGIC.length;
    if (!readable) report(new BagFormatException(file.path(), "magic", 0, "file of " + file.size()
        + " bytes ends inside the magic (truncated)"));
    McapSummary s = null;
    if (readable) {
      try {
        s = McapSummary.read(file, limits);
      } catch (BagFormatException e) {
        report(e);
      }
    }
    summary = s;
    indexed = s != null && s.indexesAllMessages();
  }

  /** Opens FILE; throws only when it is not an MCAP file at all or cannot be read. */
  public static McapFileReader open(Path file, ReadLimits limits) throws IOException {
    FileSource src = new FileSource(file);
    try {
      return new McapFileReader(src, limits);
    } catch (IOException | RuntimeException e) {
      src.close();
      throw e;
    }
  }

  public static McapFileReader open(Path file) throws IOException {
    return open(file, ReadLimits.DEFAULT);
  }

  @Override
  public Path file() {
    return file.path();
  }

  @Override
  public String storageId() {
    return "mcap";
  }

  /** True when messages are found through the summary's chunk indexes, false when the file is scanned. */
  public boolean indexed() {
    return indexed;
  }

  @Override
  public MessageCursor messages(MessageFilter filter) {
    return locatedMessages(filter);
  }

  @Override
  public LocatedCursor locatedMessages(MessageFilter filter) {
    return located(filter, false);
  }

  /** Through the summary's chunk indexes, a damaged chunk is reported and skipped; a scanned file stops at damage. */
  @Override
  public LocatedCursor salvagingMessages(MessageFilter filter) {
    return located(filter, true);
  }

  private LocatedCursor located(MessageFilter filter, boolean goOn) {
    BatchSource source;
    if (!readable) {
      source = new EmptySource();
    } else if (indexed) {
      source = new IndexedSource(file, summary.table(), summary.chunkIndexes(), filter, limits, this::report);
    } else {
      source = new LinearSource(file, scanned, filter, limits, this::report);
    }
    return MessageCounts.compareAtEnd(new MergingCursor(source, this::report, goOn && readable && indexed), filter, file.path(),
        this::claims, this::report);
  }

  /**
   * The accepted messages of the Chunk or Message record at byte LOCATION. A chunk whose records end in garbage
   * yields the messages before it; the damage joins {@link #damage()}.
   */
  @Override
  public List<BagMessage> readAt(long location, MessageFilter filter) throws IOException {
    if (!readable || location < Mcap.MAGIC.length || location > file.size() - Mcap.RECORD_HEADER) {
      throw new BagFormatException(file.path(), "record", location, "no record starts there in the " + file.size() + "-byte file");
    }
    ChannelTable table = indexed ? summary.table() : scannedTable();
    byte[] head = file.read(location, Mcap.RECORD_HEADER);
    int op = head[0] & 0xFF;
    long len = Bytes.u64(head, 1);
    long cap = op == Mcap.CHUNK ? limits.maxChunkBytes() : limits.maxRecordBytes();
    if ((op != Mcap.CHUNK && op != Mcap.MESSAGE) || len < 0 || len > file.size() - location - Mcap.RECORD_HEADER || len > cap) {
      throw new BagFormatException(file.path(), Mcap.name(op) + " record", location, "expected a Chunk or Message record within the file and "
          + cap + " bytes, found length " + Long.toUnsignedString(len));
    }
    byte[] body = file.read(location + Mcap.RECORD_HEADER, (int) len);
    MessageBatch batch;
    if (op == Mcap.CHUNK) {
      batch = new ChunkDecoder(file.path(), table, limits.maxChunkBytes(), this::report).decode(body, body.length, location, filter);
      if (batch.damage() != null) report(batch.damage());
    } else {
      batch = new MessageBatch(body, location);
      try {
        ChunkParser.addMessage(body, 0, body.length, location, batch, table, filter);
      } catch (BodyReader.Malformed e) {
        throw new BagFormatException(file.path(), "Message record", location, e.getMessage());
      }
    }
    List<BagMessage> out = new ArrayList<>(batch.size());
    while (!batch.isEmpty()) out.add(batch.take());
    return out;
  }

  /** The channels of an unindexed file, found by one linear scan (chunks may define channels anywhere). */
  private ChannelTable scannedTable() throws IOException {
    if (!scannedAll) {
      try (MessageCursor c = messages(MessageFilter.ofTopics(Set.of("\u0000")))) {
        while (c.next() != null) {
          // a filter no topic passes: the scan only collects Schema and Channel records
        }
      }
      scannedAll = true;
    }
    return scanned;
  }

  @Override
  public void verify() throws IOException {
    if (!readable) return;
    LinearSource all = new LinearSource(file, new ChannelTable(), MessageFilter.ALL, limits, this::report);
    try (MessageCursor c = MessageCounts.compareAtEnd(new MergingCursor(all, this::report), MessageFilter.ALL,
        file.path(), this::claims, this::report)) {
      while (c.next() != null) {
        // every chunk is decompressed and CRC-checked, every byte counted into the data section CRC
      }
    }
    if (summary != null && all.dataEndEnd() >= 0 && all.dataEndEnd() != summary.start()) {
      report(new BagFormatException(file.path(), "DataEnd record", all.dataEndEnd(), "the data section ends here, "
          + "but the footer says the summary starts at byte " + summary.start()));
    }
  }

  @Override
  public List<TopicInfo> topics() throws IOException {
    if (topics == null) count();
    return topics;
  }

  @Override
  public long[] timeRange() throws IOException {
    if (timeRange == null) count();
    return timeRange.clone();
  }

  /** Counts from the Statistics record where the summary has one, else by reading every message once. */
  private void count() throws IOException {
    McapRecords.Statistics st = summary == null ? null : summary.statistics();
    if (indexed && st != null) {
      topics = summary.table().topics(st.channelMessageCounts());
      timeRange = st.messageCount() == 0 ? new long[2] : new long[] {st.startTime(), st.endTime()};
      return;
    }
    Map<String, Long> perTopic = new HashMap<>();
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    try (MessageCursor c = messages(MessageFilter.ALL)) {
      for (BagMessage m = c.next(); m != null; m = c.next()) {
        perTopic.merge(m.topic(), 1L, Long::sum);
        first = Math.min(first, m.logTimeNs());
        last = Math.max(last, m.logTimeNs());
      }
    }
    ChannelTable table = indexed ? summary.table() : scanned;
    List<TopicInfo> list = new ArrayList<>();
    for (TopicInfo t : table.topics(Map.of())) list.add(t.withCount(perTopic.getOrDefault(t.name(), 0L)));
    topics = list;
    timeRange = first == Long.MAX_VALUE ? new long[2] : new long[] {first, last};
  }

  /** What the Statistics record claims the file holds (nothing without a summary or one). */
  private List<MessageCounts> claims() {
    McapRecords.Statistics st = summary == null ? null : summary.statistics();
    if (st == null) return List.of();
    Map<String, Long> perTopic = st.channelMessageCounts().isEmpty() ? Map.of()
        : MessageCounts.byTopic(summary.table().topics(st.channelMessageCounts()));
    return List.of(new MessageCounts("the Statistics record", st.messageCount(), perTopic));
  }

  /** The YAML of the last "rosbag2" Metadata record (rosbag2 writes its metadata.yaml there), when indexed. */
  public Optional<String> rosbag2Metadata() throws IOException {
    if (summary == null) return Optional.empty();
    McapRecords.MetadataIndex last = null;
    for (McapRecords.MetadataIndex mi : summary.metadataIndexes()) {
      if (Mcap.ROSBAG2_METADATA.equals(mi.name())) last = mi;
    }
    if (last == null) return Optional.empty();
    if (last.length() < Mcap.RECORD_HEADER || last.offset() < 0 || last.offset() > file.size() - last.length()
        || last.length() > limits.maxRecordBytes()) {
      report(new BagFormatException(file.path(), "MetadataIndex", last.offset(), "points outside the file"));
      return Optional.empty();
    }
    byte[] rec = file.read(last.offset(), (int) last.length());
    try {
      McapRecords.Metadata md = McapRecords.Metadata.parse(new BodyReader(rec, Mcap.RECORD_HEADER,
          rec.length - Mcap.RECORD_HEADER));
      return Optional.ofNullable(md.entries().get(Mcap.SERIALIZED_METADATA));
    } catch (BodyReader.Malformed e) {
      report(new BagFormatException(file.path(), "Metadata record", last.offset(), e.getMessage()));
      return Optional.empty();
    }
  }

  @Override
  public List<BagFormatException> damage() {
    return List.copyOf(damage.values());
  }

  private void report(BagFormatException e) {
    damage.putIfAbsent(e.getMessage(), e);
  }

  @Override
  public void close() throws IOException {
    file.close();
  }

  /** A file that ended inside its magic holds nothing. */
  private static final class EmptySource implements BatchSource {
    @Override
    public long nextStart() {
      return Long.MAX_VALUE;
    }

    @Override
    public MessageBatch load() {
      throw new IllegalStateException("no batch");
    }

    @Override
    public void finish() {}
  }
}
