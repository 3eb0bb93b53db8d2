package dev.clip2scene.nodes.bag.mcap;

import dev.clip2scene.nodes.bag.BagMessage;
import dev.clip2scene.nodes.bag.StorageWriter;
import dev.clip2scene.nodes.bag.TopicInfo;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;

/**
 * Writes an MCAP file the way rosbag2's MCAP storage does: profile "ros2", schemas in ros2msg, channels with
 * offered_qos_profiles and topic_type_hash, chunked messages (zstd by default) each followed by its message indexes,
 * and a summary (schemas, channels, statistics, metadata and chunk indexes, summary offsets) with CRCs throughout.
 */
public final class McapWriter implements StorageWriter {
  /** rosbag2's MCAP storage default chunk size is in the low megabytes; 4 MiB keeps chunks seekable and compact. */
  public static final int DEFAULT_CHUNK_SIZE = 4 << 20;

  private record ChannelState(int id, String type, long[] sequence) {}

  private final OutputStream out;
  private final ChunkCodec codec;
  private final int chunkSize;
  private final String library;
  private final CRC32 dataCrc = new CRC32();
  private final ByteSink records = new ByteSink(1 << 16);
  private final ByteSink chunk;
  private final Map<String, Integer> schemaIds = new LinkedHashMap<>();
  private final Map<String, ChannelState> channels = new LinkedHashMap<>();
  private final ByteSink schemaRecords = new ByteSink(4096);
  private final ByteSink channelRecords = new ByteSink(4096);
  private final Map<Integer, List<long[]>> chunkIndex = new TreeMap<>();
  private final ByteSink chunkIndexRecords = new ByteSink(4096);
  private final ByteSink metadataIndexRecords = new ByteSink(256);
  private final Map<Integer, Long> channelCounts = new TreeMap<>();
  private long position;
  private long chunkStart = Long.MAX_VALUE;
  private long chunkEnd = Long.MIN_VALUE;
  private long messageCount;
  private long firstTime = Long.MAX_VALUE;
  private long lastTime = Long.MIN_VALUE;
  private int chunkCount;
  private int metadataCount;
  private boolean closed;

  public McapWriter(Path file, ChunkCodec codec, int chunkSize, String library) throws IOException {
    this.out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
    this.codec = codec;
    this.chunkSize = chunkSize;
    this.library = library;
    this.chunk = new ByteSink(Math.min(chunkSize + (chunkSize >> 2), 64 << 20));
    records.raw(Mcap.MAGIC, 0, Mcap.MAGIC.length);
    int b = records.beginRecord(Mcap.HEADER);
    records.string(Mcap.PROFILE).string(library);
    records.endRecord(b);
    emitData();
  }

  public McapWriter(Path file) throws IOException {
    this(file, ChunkCodec.ZSTD, DEFAULT_CHUNK_SIZE, "clip2scene");
  }

  /** Bytes written to the file so far (a chunk being filled is not counted until it is flushed). */
  @Override
  public long bytesWritten() {
    return position;
  }

  /** Declares a topic: a Schema record for its type (once per type) and a Channel record. */
  @Override
  public void addTopic(TopicInfo topic) {
    if (channels.containsKey(topic.name())) return;
    Integer schemaId = schemaIds.get(topic.type());
    if (schemaId == null) {
      schemaId = schemaIds.size() + 1;
      schemaIds.put(topic.type(), schemaId);
      String encoding = topic.definition().encoding().isEmpty() ? "ros2msg" : topic.definition().encoding();
      byte[] text = topic.definition().text().getBytes(StandardCharsets.UTF_8);
      for (ByteSink sink : List.of(chunk, schemaRecords)) {
        int b = sink.beginRecord(Mcap.SCHEMA);
        sink.u16(schemaId).string(topic.type()).string(encoding).bytes32(text);
        sink.endRecord(b);
      }
    }
    int id = channels.size() + 1;
    if (id > 0xFFFF) throw new IllegalStateException("more than 65535 topics in one MCAP file");
    channels.put(topic.name(), new ChannelState(id, topic.type(), new long[1]));
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("offered_qos_profiles", topic.offeredQosProfiles());
    metadata.put("topic_type_hash", topic.typeDescriptionHash());
    for (ByteSink sink : List.of(chunk, channelRecords)) {
      int b = sink.beginRecord(Mcap.CHANNEL);
      sink.u16(id).u16(schemaId).string(topic.name()).string(topic.serializationFormat()).stringMap(metadata);
      sink.endRecord(b);
    }
    channelCounts.put(id, 0L);
  }

  /** Appends a message of a topic declared with {@link #addTopic}. */
  @Override
  public void write(BagMessage m) throws IOException {
    ChannelState ch = channels.get(m.topic());
    if (ch == null) throw new IllegalArgumentException("topic " + m.topic() + " was not added before its messages");
    int offset = chunk.size();
    int b = chunk.beginRecord(Mcap.MESSAGE);
    chunk.u16(ch.id()).u32(ch.sequence()[0]++).u64(m.logTimeNs()).u64(m.publishTimeNs())
        .raw(m.data(), 0, m.data().length);
    chunk.endRecord(b);
    chunkIndex.computeIfAbsent(ch.id(), k -> new ArrayList<>()).add(new long[] {m.logTimeNs(), offset});
    chunkStart = Math.min(chunkStart, m.logTimeNs());
    chunkEnd = Math.max(chunkEnd, m.logTimeNs());
    firstTime = Math.min(firstTime, m.logTimeNs());
    lastTime = Math.max(lastTime, m.logTimeNs());
    messageCount++;
    channelCounts.merge(ch.id(), 1L, Long::sum);
    if (chunk.size() >= chunkSize) flushChunk();
  }

  /** A Metadata record (rosbag2 stores its metadata YAML as name "rosbag2", key "serialized_metadata"). */
  public void writeMetadata(String name, Map<String, String> entries) throws IOException {
    flushChunk();
    long at = position;
    int b = records.beginRecord(Mcap.METADATA);
    records.string(name).stringMap(entries);
    records.endRecord(b);
    long length = records.size();
    emitData();
    int ib = metadataIndexRecords.beginRecord(Mcap.METADATA_INDEX);
    metadataIndexRecords.u64(at).u64(length).string(name);
    metadataIndexRecords.endRecord(ib);
    metadataCount++;
  }

  /** The rosbag2 metadata record holding YAML. */
  @Override
  public void embedMetadata(String yaml) throws IOException {
    writeMetadata(Mcap.ROSBAG2_METADATA, Map.of(Mcap.SERIALIZED_METADATA, yaml));
  }

  private void flushChunk() throws IOException {
    if (chunk.size() == 0) return;
    boolean noMessages = chunkIndex.isEmpty();
    long start = noMessages ? 0 : chunkStart;
    long end = noMessages ? 0 : chunkEnd;
    CRC32 crc = new CRC32();
    crc.update(chunk.array(), 0, chunk.size());
    byte[] compressed = codec.compress(chunk.array(), chunk.size());
    long chunkAt = position;
    int b = records.beginRecord(Mcap.CHUNK);
    records.u64(start).u64(end).u64(chunk.size()).u32(crc.getValue()).string(codec.wireName())
        .u64(compressed.length).raw(compressed, 0, compressed.length);
    records.endRecord(b);
    long chunkLength = records.size();
    emitData();
    Map<Integer, Long> indexOffsets = new LinkedHashMap<>();
    for (Map.Entry<Integer, List<long[]>> e : chunkIndex.entrySet()) {
      indexOffsets.put(e.getKey(), position + records.size());
      List<long[]> entries = e.getValue();
      entries.sort((x, y) -> Long.compare(x[0], y[0])); // stable: equal times keep file order
      int mb = records.beginRecord(Mcap.MESSAGE_INDEX);
      records.u16(e.getKey()).u32(entries.size() * 16L);
      for (long[] en : entries) records.u64(en[0]).u64(en[1]);
      records.endRecord(mb);
    }
    long indexLength = records.size();
    emitData();
    int cb = chunkIndexRecords.beginRecord(Mcap.CHUNK_INDEX);
    chunkIndexRecords.u64(start).u64(end).u64(chunkAt).u64(chunkLength).u16u64Map(indexOffsets).u64(indexLength)
        .string(codec.wireName()).u64(compressed.length).u64(chunk.size());
    chunkIndexRecords.endRecord(cb);
    chunkCount++;
    chunk.reset();
    chunkIndex.clear();
    chunkStart = Long.MAX_VALUE;
    chunkEnd = Long.MIN_VALUE;
  }

  /** Writes the composed data-section records, counting them into the data section CRC. */
  private void emitData() throws IOException {
    dataCrc.update(records.array(), 0, records.size());
    emit();
  }

  private void emit() throws IOException {
    out.write(records.array(), 0, records.size());
    position += records.size();
    records.reset();
  }

  @Override
  public void close() throws IOException {
    if (closed) return;
    closed = true;
    try (out) {
      flushChunk();
      int b = records.beginRecord(Mcap.DATA_END);
      records.u32(dataCrc.getValue());
      records.endRecord(b);
      emit();
      writeSummary();
    }
  }

  private void writeSummary() throws IOException {
    long summaryStart = position;
    CRC32 crc = new CRC32();
    List<long[]> groups = new ArrayList<>();
    summaryGroup(Mcap.SCHEMA, schemaRecords, crc, groups);
    summaryGroup(Mcap.CHANNEL, channelRecords, crc, groups);
    ByteSink stats = new ByteSink(256);
    int b = stats.beginRecord(Mcap.STATISTICS);
    stats.u64(messageCount).u16(schemaIds.size()).u32(channels.size()).u32(0).u32(metadataCount).u32(chunkCount)
        .u64(messageCount == 0 ? 0 : firstTime).u64(messageCount == 0 ? 0 : lastTime).u16u64Map(channelCounts);
    stats.endRecord(b);
    summaryGroup(Mcap.STATISTICS, stats, crc, groups);
    summaryGroup(Mcap.METADATA_INDEX, metadataIndexRecords, crc, groups);
    summaryGroup(Mcap.CHUNK_INDEX, chunkIndexRecords, crc, groups);
    long offsetsStart = position;
    for (long[] g : groups) {
      int sb = records.beginRecord(Mcap.SUMMARY_OFFSET);
      records.u8((int) g[0]).u64(g[1]).u64(g[2]);
      records.endRecord(sb);
    }
    // the footer's length is written up front: the summary CRC covers it
    records.u8(Mcap.FOOTER).u64(Mcap.FOOTER_RECORD - Mcap.RECORD_HEADER).u64(summaryStart).u64(offsetsStart);
    crc.update(records.array(), 0, records.size());
    records.u32(crc.getValue());
    records.raw(Mcap.MAGIC, 0, Mcap.MAGIC.length);
    emit();
  }

  private void summaryGroup(int opcode, ByteSink group, CRC32 crc, List<long[]> groups) throws IOException {
    if (group.size() == 0) return;
    groups.add(new long[] {opcode, position, group.size()});
    crc.update(group.array(), 0, group.size());
    out.write(group.array(), 0, group.size());
    position += group.size();
  }
}
