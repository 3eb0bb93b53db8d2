package dev.clip2scene.nodes.bag;

import static dev.clip2scene.nodes.bag.BagMessages.assertSame;
import static dev.clip2scene.nodes.bag.BagMessages.readAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clip2scene.nodes.bag.DamagedBagsTest.ChunkSpan;
import dev.clip2scene.nodes.bag.mcap.ChunkCodec;
import dev.clip2scene.testkit.Allocations;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Damage a reader cannot see where it happens, found by comparing what a read yielded with what the file claims
 * (MCAP message indexes and Statistics, the sqlite3 messages table and header, metadata.yaml); and sizes read from a
 * file that must not drive allocations.
 */
class ClaimedCountsTest {
  @TempDir Path tmp;

  private static List<BagMessage> increasing(int n) {
    List<BagMessage> ms = new ArrayList<>(BagMessages.synthetic(n, 9));
    ms.sort(Comparator.comparingLong(BagMessage::logTimeNs));
    return ms;
  }

  private record Read(List<BagMessage> messages, List<BagFormatException> damage) {}

  private static Read read(Path bag) throws IOException {
    try (BagReader r = BagReader.open(bag)) {
      List<BagMessage> ms = readAll(r, MessageFilter.ALL);
      return new Read(ms, r.damage());
    }
  }

  /** An uncompressed-chunk MCAP written as recorders without chunk CRCs write it (uncompressed_crc 0). */
  private Path mcapWithoutCrcs(List<BagMessage> ms) throws IOException {
    Path bag = tmp.resolve("nocrc");
    BagMessages.writeBag(bag, WriterOptions.MCAP.withCompression(ChunkCodec.NONE).withChunkSize(2048), ms);
    Path file = bag.resolve("nocrc_0.mcap");
    byte[] b = Files.readAllBytes(file);
    for (ChunkSpan c : DamagedBagsTest.chunks(b)) Arrays.fill(b, (int) c.offset() + 9 + 24, (int) c.offset() + 9 + 28, (byte) 0);
    int dataEnd = RoundTripTest.dataEndEnd(b);
    Arrays.fill(b, dataEnd - 4, dataEnd, (byte) 0); // the data section CRC too
    Files.write(file, b);
    return file;
  }

  /** Offsets of the Message records inside chunk C of an uncompressed-chunk MCAP. */
  private static List<Integer> messageRecords(byte[] mcap, ChunkSpan c) {
    ByteBuffer b = ByteBuffer.wrap(mcap).order(ByteOrder.LITTLE_ENDIAN);
    List<Integer> at = new ArrayList<>();
    int pos = (int) c.offset() + 9 + 40;
    while (pos < c.end()) {
      if (mcap[pos] == 0x05) at.add(pos);
      pos += 9 + (int) b.getLong(pos + 1);
    }
    return at;
  }

  /** Issue 14 item 3: a chunk whose tail is zeroed, in a file without CRCs, read through its index. */
  @Test
  void zeroedChunkTailIsDamageAndTheMessagesBeforeItAreYielded() throws IOException {
    List<BagMessage> ms = increasing(400);
    Path file = mcapWithoutCrcs(ms);
    byte[] b = Files.readAllBytes(file);
    ChunkSpan bad = DamagedBagsTest.chunks(b).get(6);
    List<Integer> records = messageRecords(b, bad);
    int zeroFrom = records.get(records.size() / 2);
    Arrays.fill(b, zeroFrom, (int) bad.end(), (byte) 0);
    Files.write(file, b);

    // the log time of the last message before the zeros
    long limit = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong(records.get(records.size() / 2 - 1) + 9 + 6);
    List<BagMessage> expected = ms.stream().filter(m -> m.logTimeNs() <= limit).toList();
    try (BagReader r = BagReader.open(file)) {
      assertSame(expected, readAll(r, MessageFilter.ALL), true);
      BagFormatException e = r.damage().get(0);
      assertEquals(bad.offset(), e.offset());
      assertTrue(e.getMessage().contains("opcode 0x00 at chunk offset") && e.getMessage().contains(file.toString()),
          e.getMessage());
      assertTrue(r.damage().stream().anyMatch(d -> d.getMessage().contains("the Statistics record claims 400 "
          + "messages, " + expected.size() + " were read")), r.damage().toString());
    }
    try (BagReader r = BagReader.open(file)) {
      r.verify(); // the full check finds it too
      assertTrue(r.damage().stream().anyMatch(d -> d.getMessage().contains("opcode 0x00")), r.damage().toString());
    }
  }

  /** A message record replaced by a private record of the same length: parsed cleanly, caught by the index. */
  @Test
  void chunkHoldingFewerMessagesThanItsIndexIsDamageButEveryMessageIsYielded() throws IOException {
    List<BagMessage> ms = increasing(400);
    Path file = mcapWithoutCrcs(ms);
    byte[] b = Files.readAllBytes(file);
    ChunkSpan bad = DamagedBagsTest.chunks(b).get(3);
    int victim = messageRecords(b, bad).get(2);
    long lost = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong(victim + 9 + 6);
    b[victim] = (byte) 0x80; // a private opcode, which readers skip
    Files.write(file, b);
    for (boolean verify : new boolean[] {false, true}) {
      try (BagReader r = BagReader.open(file)) {
        if (verify) r.verify();
        else assertSame(ms.stream().filter(m -> m.logTimeNs() != lost).toList(), readAll(r, MessageFilter.ALL), true);
        assertTrue(r.damage().stream().anyMatch(d -> d.offset() == bad.offset() && d.getMessage().contains(
            "its message indexes list")), r.damage().toString());
        if (!verify) {
          assertTrue(r.damage().stream().anyMatch(d -> d.getMessage().contains("1 missing")), r.damage().toString());
        }
      }
    }
  }

  /** Issue 14 item 4: a 12 KB file claiming a huge chunk must not make the reader allocate it. */
  @ParameterizedTest
  @ValueSource(longs = {(512L << 20) - 1, 64L << 20, 1L << 20})
  void forgedUncompressedSizeIsRefusedWithoutAllocatingIt(long forged) throws IOException {
    for (ChunkCodec codec : List.of(ChunkCodec.ZSTD, ChunkCodec.LZ4)) {
      Path bag = tmp.resolve("forged-" + codec + "-" + forged);
      BagMessages.writeBag(bag, WriterOptions.MCAP.withCompression(codec).withChunkSize(1 << 20), increasing(40));
      Path file = bag.resolve(bag.getFileName() + "_0.mcap");
      byte[] b = Files.readAllBytes(file);
      assertTrue(b.length < 12_000, "file of " + b.length);
      ChunkSpan only = DamagedBagsTest.chunks(b).get(0);
      ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong((int) only.offset() + 9 + 16, forged);
      Files.write(file, b);
      read(file); // loads the classes
      long before = Allocations.allocatedBytes();
      Read r = read(file);
      long allocated = Allocations.allocatedBytes() - before;
      assertTrue(allocated < 8L << 20, codec + ": allocated " + allocated + " for uncompressed_size " + forged);
      assertEquals(List.of(), r.messages());
      assertTrue(r.damage().get(0).getMessage().contains("uncompressed_size") && r.damage().get(0).offset()
          == only.offset(), r.damage().toString());
    }
  }

  /** Issue 14 item 2: a .db3 cut short is damage found on open; the rows it still holds are read. */
  @ParameterizedTest
  @ValueSource(doubles = {0.999, 0.9, 0.6, 0.3})
  void truncatedSqliteFileIsDamageFoundOnOpen(double keep) throws IOException {
    List<BagMessage> ms = increasing(600);
    Path bag = tmp.resolve("db");
    BagMessages.writeBag(bag, WriterOptions.SQLITE3, ms);
    Path db = bag.resolve("db_0.db3");
    byte[] b = Files.readAllBytes(db);
    int cut = (int) (b.length * keep);
    Files.write(db, Arrays.copyOf(b, cut));
    try (BagReader r = BagReader.open(bag)) {
      BagFormatException first = r.damage().get(0);
      assertEquals(db, first.file());
      assertEquals(cut, first.offset());
      assertTrue(first.getMessage().contains("truncated, " + (b.length - cut) + " bytes missing"), first.getMessage());
      List<BagMessage> got = readAll(r, MessageFilter.ALL);
      assertSame(ms.subList(0, got.size()), got, false);
      if (got.size() < ms.size()) {
        assertTrue(r.damage().stream().anyMatch(d -> d.getMessage().contains("metadata.yaml claims 600 messages, "
            + got.size() + " were read")), r.damage().toString());
      }
    }
  }

  /** Issue 14 item 2: rows that vanish from the timestamp index are found by counting the table itself. */
  @Test
  void rowsMissingFromTheTimestampIndexAreDamage() throws Exception {
    List<BagMessage> ms = increasing(60);
    Path bag = tmp.resolve("idx");
    BagMessages.writeBag(bag, WriterOptions.SQLITE3, ms);
    Path db = bag.resolve("idx_0.db3");
    int root;
    int pageSize;
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
      try (ResultSet rs = st.executeQuery("SELECT rootpage FROM sqlite_master WHERE type = 'index' AND tbl_name = "
          + "'messages'")) {
        root = rs.getInt(1);
      }
      try (ResultSet rs = st.executeQuery("PRAGMA page_size")) {
        pageSize = rs.getInt(1);
      }
    }
    byte[] b = Files.readAllBytes(db);
    int header = (root - 1) * pageSize + (root == 1 ? 100 : 0);
    assertEquals(0x0A, b[header], "the index is one leaf page");
    ByteBuffer.wrap(b).putShort(header + 3, (short) (ByteBuffer.wrap(b).getShort(header + 3) - 1)); // one cell less
    Path lone = tmp.resolve("lone.db3");
    Files.write(lone, b);
    Read r = read(lone);
    assertSame(ms.subList(0, 59), r.messages(), false);
    assertEquals(1, r.damage().size(), r.damage().toString());
    assertTrue(r.damage().get(0).getMessage().contains("the messages table (counted without its index) claims 60 "
        + "messages, 59 were read (1 missing"), r.damage().toString());
    assertTrue(r.damage().get(0).getMessage().contains("after the message of " + ms.get(58).topic()),
        r.damage().get(0).getMessage());
  }

  @Test
  void metadataYamlCountsThatDisagreeWithTheFilesAreDamage() throws IOException {
    Path bag = tmp.resolve("meta");
    BagMessages.writeBag(bag, WriterOptions.MCAP, increasing(30));
    Path yaml = bag.resolve(BagMetadata.FILE_NAME);
    Files.writeString(yaml, Files.readString(yaml).replace("message_count: 30", "message_count: 31"));
    try (BagReader r = BagReader.open(bag)) {
      r.info();
      assertTrue(r.damage().stream().anyMatch(d -> d.file().equals(yaml) && d.getMessage().contains(
          "metadata.yaml claims 31 messages, 30 are in the storage files (1 missing")), r.damage().toString());
    }
  }
}
