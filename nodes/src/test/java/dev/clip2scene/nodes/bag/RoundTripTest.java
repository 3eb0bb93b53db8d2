package dev.clip2scene.nodes.bag;

import static dev.clip2scene.nodes.bag.BagMessages.assertSame;
import static dev.clip2scene.nodes.bag.BagMessages.readAll;
import static dev.clip2scene.nodes.bag.BagMessages.synthetic;
import static dev.clip2scene.nodes.bag.BagMessages.timeOrdered;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clip2scene.nodes.bag.mcap.ChunkCodec;
import dev.clip2scene.nodes.bag.mcap.McapFileReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What our writer writes, our reader reads back: same messages, time order, counts, definitions. */
class RoundTripTest {
  @TempDir Path tmp;

  @ParameterizedTest
  @EnumSource(ChunkCodec.class)
  void mcapRoundTripsThroughManyChunks(ChunkCodec codec) throws IOException {
    List<BagMessage> messages = synthetic(500, 1);
    Path bag = tmp.resolve("bag");
    BagMessages.writeBag(bag, WriterOptions.MCAP.withCompression(codec).withChunkSize(4096), messages);
    try (BagReader r = BagReader.open(bag)) {
      assertTrue(((McapFileReader) r.storages().get(0)).indexed(), () -> r.damage().toString());
      assertSame(timeOrdered(messages), readAll(r, MessageFilter.ALL), true);
      BagInfo info = r.info();
      assertEquals(500, info.messageCount());
      assertEquals("mcap", info.storage());
      assertEquals(timeOrdered(messages).get(0).logTimeNs(), info.startNs());
      assertEquals(timeOrdered(messages).get(499).logTimeNs(), info.endNs());
      TopicInfo counter = info.topics().get(1);
      assertEquals(BagMessages.COUNTER.withCount(250), counter);
      assertEquals(List.of(), r.damage());
      BagMetadata md = r.metadata().orElseThrow();
      assertEquals(500, md.messageCount());
      assertEquals(List.of("bag_0.mcap"), md.relativeFilePaths());
      String embedded = ((McapFileReader) r.storages().get(0)).rosbag2Metadata().orElseThrow();
      assertEquals(500, BagMetadata.parseEmbedded(bag, embedded).messageCount());
    }
  }

  /** The same file without its summary (footer cut away) reads identically by the linear scan. */
  @Test
  void linearScanEqualsIndexedRead() throws IOException {
    List<BagMessage> messages = synthetic(300, 2);
    Path bag = tmp.resolve("bag");
    BagMessages.writeBag(bag, WriterOptions.MCAP.withChunkSize(2048), messages);
    Path full = bag.resolve("bag_0.mcap");
    Path noSummary = tmp.resolve("nosummary.mcap");
    byte[] bytes = Files.readAllBytes(full);
    Files.write(noSummary, java.util.Arrays.copyOf(bytes, dataEndEnd(bytes)));
    try (BagReader r = BagReader.open(noSummary)) {
      assertFalse(((McapFileReader) r.storages().get(0)).indexed());
      assertSame(timeOrdered(messages), readAll(r, MessageFilter.ALL), true);
      assertEquals(300, r.info().messageCount());
      assertEquals(1, r.damage().size(), "the missing footer is reported");
      assertTrue(r.damage().get(0).getMessage().contains("does not end in a footer"), r.damage().toString());
    }
  }

  /** Offset just past the DataEnd record (opcode 0x0F, length 4): the summary starts there. */
  static int dataEndEnd(byte[] mcap) {
    long summaryStart = java.nio.ByteBuffer.wrap(mcap, mcap.length - 8 - 20, 8)
        .order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
    assertEquals(0x0F, mcap[(int) summaryStart - 13]);
    return (int) summaryStart;
  }

  @Test
  void emptyBagsRoundTrip() throws IOException {
    for (WriterOptions o : List.of(WriterOptions.MCAP, WriterOptions.SQLITE3)) {
      Path bag = tmp.resolve("empty-" + o.storage());
      BagMessages.writeBag(bag, o, List.of());
      try (BagReader r = BagReader.open(bag)) {
        assertEquals(List.of(), readAll(r, MessageFilter.ALL));
        BagInfo info = r.info();
        assertEquals(0, info.messageCount());
        assertEquals(0, info.startNs());
        assertEquals(2, info.topics().size());
        assertEquals(List.of(), r.damage());
      }
    }
  }

  @Test
  void sqliteRoundTrips() throws IOException {
    List<BagMessage> messages = synthetic(400, 3);
    Path bag = tmp.resolve("bag");
    BagMessages.writeBag(bag, WriterOptions.SQLITE3, messages);
    assertTrue(Files.isRegularFile(bag.resolve("bag_0.db3")));
    try (BagReader r = BagReader.open(bag)) {
      assertSame(timeOrdered(messages), readAll(r, MessageFilter.ALL), false);
      BagInfo info = r.info();
      assertEquals("sqlite3", info.storage());
      assertEquals(200, info.topics().get(0).messageCount());
      assertEquals(BagMessages.CHATTER.definition(), info.topics().get(0).definition());
      assertEquals(BagMessages.COUNTER.offeredQosProfiles(), info.topics().get(1).offeredQosProfiles());
      assertEquals(400, r.metadata().orElseThrow().messageCount());
    }
    // version 9 writes QoS as a list with the policies by name
    String yaml = Files.readString(bag.resolve("metadata.yaml"));
    assertTrue(yaml.contains("version: 9") && yaml.contains("history: unknown")
        && yaml.contains("reliability: reliable") && yaml.contains("durability: volatile"), yaml);
    BagMetadata reread = BagMetadata.read(bag.resolve("metadata.yaml"));
    assertTrue(reread.topics().get(1).offeredQosProfiles().contains("reliability: reliable"));
  }

  @Test
  void splitBySizeMakesSeveralFilesReadAsOneBag() throws IOException {
    List<BagMessage> messages = synthetic(600, 4);
    Path bag = tmp.resolve("split");
    BagMessages.writeBag(bag, WriterOptions.MCAP.withChunkSize(1024).withSplitBytes(8 * 1024), messages);
    try (BagReader r = BagReader.open(bag)) {
      BagMetadata md = r.metadata().orElseThrow();
      assertTrue(md.relativeFilePaths().size() >= 3, md.relativeFilePaths().toString());
      assertEquals(600, md.files().stream().mapToLong(BagMetadata.FileEntry::messageCount).sum());
      assertEquals(md.relativeFilePaths().size(), r.storages().size());
      assertSame(timeOrdered(messages), readAll(r, MessageFilter.ALL), true);
    }
  }

  @Test
  void filterByTopicAndTimeWindow() throws IOException {
    List<BagMessage> messages = synthetic(300, 5);
    for (WriterOptions o : List.of(WriterOptions.MCAP.withChunkSize(2048), WriterOptions.SQLITE3)) {
      Path bag = tmp.resolve("f-" + o.storage());
      BagMessages.writeBag(bag, o, messages);
      List<BagMessage> ordered = timeOrdered(messages);
      long from = ordered.get(50).logTimeNs();
      long to = ordered.get(200).logTimeNs();
      MessageFilter f = new MessageFilter(Set.of("/counter"), from, to);
      List<BagMessage> expected = ordered.stream()
          .filter(m -> m.topic().equals("/counter") && m.logTimeNs() >= from && m.logTimeNs() <= to).toList();
      try (BagReader r = BagReader.open(bag)) {
        assertSame(expected, readAll(r, f), false);
      }
    }
  }

  /** A folder holding one MCAP and one sqlite3 file (no metadata.yaml) merges both in time order. */
  @Test
  void mixedStoragesMergeInTimeOrder() throws IOException {
    List<BagMessage> messages = synthetic(200, 6);
    List<BagMessage> even = messages.stream().filter(m -> m.topic().equals("/chatter")).toList();
    List<BagMessage> odd = messages.stream().filter(m -> m.topic().equals("/counter")).toList();
    BagMessages.writeBag(tmp.resolve("a"), WriterOptions.MCAP, even);
    BagMessages.writeBag(tmp.resolve("b"), WriterOptions.SQLITE3, odd);
    Path mixed = Files.createDirectory(tmp.resolve("mixed"));
    Files.move(tmp.resolve("a/a_0.mcap"), mixed.resolve("a_0.mcap"));
    Files.move(tmp.resolve("b/b_0.db3"), mixed.resolve("b_0.db3"));
    try (BagReader r = BagReader.open(mixed)) {
      assertEquals("mcap+sqlite3", r.info().storage());
      assertSame(timeOrdered(messages), readAll(r, MessageFilter.ALL), false);
    }
  }
}
