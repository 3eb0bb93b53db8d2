package dev.clip2scene.nodes.bag;

import static dev.clip2scene.nodes.bag.BagMessages.assertSame;
import static dev.clip2scene.nodes.bag.BagMessages.readAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clip2scene.nodes.bag.mcap.ChunkCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged bags: the reader yields every message before the damage, then reports it (file, record or row, offset);
 * no exception escapes a cursor and no corrupt length makes it allocate.
 */
class DamagedBagsTest {
  @TempDir Path tmp;

  /** A Chunk record as found by walking the file's record framing: where it is and its last log time. */
  record ChunkSpan(long offset, long end, long startTime, long endTime) {}

  /** 400 messages in strictly increasing time, small chunks: about 20 of them. */
  private Path writeMcap(ChunkCodec codec) throws IOException {
    List<BagMessage> ms = increasing(400);
    Path bag = tmp.resolve("bag-" + codec);
    BagMessages.writeBag(bag, WriterOptions.MCAP.withCompression(codec).withChunkSize(2048), ms);
    return bag.resolve("bag-" + codec + "_0.mcap");
  }

  private static List<BagMessage> increasing(int n) {
    List<BagMessage> ms = new ArrayList<>(BagMessages.synthetic(n, 9));
    ms.sort(java.util.Comparator.comparingLong(BagMessage::logTimeNs));
    return ms;
  }

  static List<ChunkSpan> chunks(byte[] mcap) {
    ByteBuffer b = ByteBuffer.wrap(mcap).order(ByteOrder.LITTLE_ENDIAN);
    List<ChunkSpan> spans = new ArrayList<>();
    int pos = 8;
    while (pos < mcap.length - 8) {
      int op = mcap[pos] & 0xFF;
      long len = b.getLong(pos + 1);
      if (op == 0x06) spans.add(new ChunkSpan(pos, pos + 9 + len, b.getLong(pos + 9), b.getLong(pos + 17)));
      if (op == 0x0F) break;
      pos += 9 + (int) len;
    }
    return spans;
  }

  private List<BagMessage> messagesUpTo(long lastTime) {
    return increasing(400).stream().filter(m -> m.logTimeNs() <= lastTime).toList();
  }

  private record Outcome(List<BagMessage> messages, List<BagFormatException> damage) {}

  private static Outcome read(Path file) throws IOException {
    try (BagReader r = BagReader.open(file)) {
      List<BagMessage> ms = readAll(r, MessageFilter.ALL);
      r.info(); // counting must not throw either
      return new Outcome(ms, r.damage());
    }
  }

  /** Where each Message record of an uncompressed-chunk MCAP ends in the file, with its log time. */
  static List<long[]> messageEnds(byte[] mcap) {
    ByteBuffer b = ByteBuffer.wrap(mcap).order(ByteOrder.LITTLE_ENDIAN);
    List<long[]> ends = new ArrayList<>();
    for (ChunkSpan c : chunks(mcap)) {
      int pos = (int) c.offset() + 9 + 40; // the body's fixed fields with compression "" come first
      while (pos < c.end()) {
        long len = b.getLong(pos + 1);
        if (mcap[pos] == 0x05) ends.add(new long[] {pos + 9 + len, b.getLong(pos + 9 + 6)});
        pos += 9 + (int) len;
      }
    }
    return ends;
  }

  private static TreeSet<Integer> cutPoints(byte[] bytes, List<ChunkSpan> spans) {
    TreeSet<Integer> cuts = new TreeSet<>();
    Random rnd = new Random(42);
    while (cuts.size() < 60) cuts.add(rnd.nextInt(bytes.length));
    for (ChunkSpan s : spans.subList(0, 5)) { // exactly at and around chunk boundaries
      cuts.add((int) s.end());
      cuts.add((int) s.end() - 1);
      cuts.add((int) s.offset() + 5);
    }
    cuts.addAll(List.of(0, 3, 8, 12, bytes.length - 1));
    return cuts;
  }

  /**
   * Uncompressed chunks: every Message record that lies wholly before the cut comes back (also from the chunk the
   * cut went through), none after it, and the truncation is reported.
   */
  @Test
  void truncatedAtManyPointsYieldsExactlyTheCompleteMessages() throws IOException {
    Path file = writeMcap(ChunkCodec.NONE);
    byte[] bytes = Files.readAllBytes(file);
    List<ChunkSpan> spans = chunks(bytes);
    assertTrue(spans.size() >= 15, "chunks: " + spans.size());
    List<long[]> ends = messageEnds(bytes);
    assertEquals(400, ends.size());
    for (int cut : cutPoints(bytes, spans)) {
      long lastComplete = Long.MIN_VALUE;
      for (long[] e : ends) if (e[0] <= cut) lastComplete = Math.max(lastComplete, e[1]);
      Outcome o = readCut(bytes, cut);
      assertSame(messagesUpTo(lastComplete), o.messages(), true);
    }
  }

  /**
   * zstd chunks: every complete chunk before the cut comes back, plus whatever complete messages the cut chunk's
   * surviving compressed bytes decode to; always a time-ordered prefix of the recording, and reported.
   */
  @Test
  void truncatedCompressedChunksYieldAPrefixHoldingEveryCompleteChunk() throws IOException {
    Path file = writeMcap(ChunkCodec.ZSTD);
    byte[] bytes = Files.readAllBytes(file);
    List<ChunkSpan> spans = chunks(bytes);
    List<BagMessage> all = increasing(400);
    for (int cut : cutPoints(bytes, spans)) {
      long lastComplete = Long.MIN_VALUE;
      long lastStarted = Long.MIN_VALUE;
      for (ChunkSpan s : spans) {
        if (s.end() <= cut) lastComplete = s.endTime();
        if (s.offset() < cut) lastStarted = s.endTime();
      }
      Outcome o = readCut(bytes, cut);
      int n = o.messages().size();
      assertSame(all.subList(0, n), o.messages(), true);
      assertTrue(n >= messagesUpTo(lastComplete).size() && n <= messagesUpTo(lastStarted).size(), "cut " + cut);
    }
  }

  /** Reads BYTES cut at CUT: no exception may escape, and the truncation must be reported naming the file. */
  private Outcome readCut(byte[] bytes, int cut) throws IOException {
    Path part = tmp.resolve("cut-" + cut + ".mcap");
    Files.write(part, Arrays.copyOf(bytes, cut));
    Outcome o = read(part);
    assertTrue(!o.damage().isEmpty(), "cut at " + cut + " is reported");
    assertTrue(o.damage().get(0).file().equals(part) && o.damage().get(0).getMessage().contains(part.toString()));
    Files.delete(part);
    return o;
  }

  @Test
  void corruptChunkYieldsEarlierChunksThenReportsItsOffset() throws IOException {
    Path file = writeMcap(ChunkCodec.ZSTD);
    byte[] bytes = Files.readAllBytes(file);
    ChunkSpan bad = chunks(bytes).get(5);
    for (int i = 0; i < 16; i++) bytes[(int) bad.offset() + 60 + i] ^= 0x5A; // scramble compressed bytes
    Files.write(file, bytes);
    Outcome o = read(file);
    assertSame(messagesUpTo(bad.startTime() - 1), o.messages(), true);
    BagFormatException e = o.damage().get(0);
    assertEquals("Chunk record", e.where());
    assertEquals(bad.offset(), e.offset());
  }

  @Test
  void crcMismatchIsReported() throws IOException {
    Path file = writeMcap(ChunkCodec.NONE);
    byte[] bytes = Files.readAllBytes(file);
    ChunkSpan bad = chunks(bytes).get(3);
    bytes[(int) bad.end() - 1] ^= 1; // last byte of the last message's data
    Files.write(file, bytes);
    Outcome o = read(file);
    assertSame(messagesUpTo(bad.startTime() - 1), o.messages(), true);
    assertTrue(o.damage().get(0).getMessage().contains("uncompressed_crc mismatch"), o.damage().toString());
    assertEquals(bad.offset(), o.damage().get(0).offset());
  }

  @Test
  void unknownCompressionIsReported() throws IOException {
    Path file = writeMcap(ChunkCodec.LZ4);
    byte[] bytes = Files.readAllBytes(file);
    ChunkSpan bad = chunks(bytes).get(2);
    int name = (int) bad.offset() + 9 + 28 + 4; // after start, end, size, crc and the string length
    assertEquals('l', bytes[name]);
    bytes[name] = 'x';
    Files.write(file, bytes);
    Outcome o = read(file);
    assertSame(messagesUpTo(bad.startTime() - 1), o.messages(), true);
    assertTrue(o.damage().get(0).getMessage().contains("unknown compression 'xz4'"), o.damage().toString());
  }

  @Test
  void absurdLengthsFailWithoutAllocating() throws IOException {
    Path file = writeMcap(ChunkCodec.ZSTD);
    byte[] bytes = Files.readAllBytes(file);
    ChunkSpan bad = chunks(bytes).get(4);
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong((int) bad.offset() + 9 + 16, 1L << 40);
    Files.write(file, bytes);
    Outcome o = read(file);
    assertSame(messagesUpTo(bad.startTime() - 1), o.messages(), true);
    assertTrue(o.damage().get(0).getMessage().contains("exceeds the limit"), o.damage().toString());

    // a record length of 2^60 in a file read linearly (no summary)
    byte[] fresh = Files.readAllBytes(writeMcapAgain());
    ChunkSpan cut = chunks(fresh).get(4);
    byte[] noSummary = Arrays.copyOf(fresh, RoundTripTest.dataEndEnd(fresh));
    ByteBuffer.wrap(noSummary).order(ByteOrder.LITTLE_ENDIAN).putLong((int) cut.offset() + 1, 1L << 60);
    Path linear = tmp.resolve("linear.mcap");
    Files.write(linear, noSummary);
    Outcome l = read(linear);
    // the chunk itself is intact (its CRC checks out), so its messages still come back; reading stops after it
    assertSame(messagesUpTo(cut.endTime()), l.messages(), true);
    assertTrue(l.damage().stream().anyMatch(e -> e.getMessage().contains("exceeds the")
        && e.offset() == cut.offset()), l.damage().toString());
  }

  private Path writeMcapAgain() throws IOException {
    List<BagMessage> ms = increasing(400);
    Path bag = tmp.resolve("again");
    BagMessages.writeBag(bag, WriterOptions.MCAP.withChunkSize(2048), ms);
    return bag.resolve("again_0.mcap");
  }

  @Test
  void summaryCrcMismatchFallsBackToALinearScan() throws IOException {
    Path file = writeMcap(ChunkCodec.ZSTD);
    byte[] bytes = Files.readAllBytes(file);
    bytes[RoundTripTest.dataEndEnd(bytes) + 20] ^= 1;
    Files.write(file, bytes);
    Outcome o = read(file);
    assertSame(increasing(400), o.messages(), true);
    assertTrue(o.damage().get(0).getMessage().contains("summary CRC mismatch"), o.damage().toString());
  }

  @Test
  void dataSectionCrcMismatchIsReportedAfterAllMessages() throws IOException {
    Path file = writeMcap(ChunkCodec.ZSTD);
    byte[] bytes = Files.readAllBytes(file);
    byte[] noSummary = Arrays.copyOf(bytes, RoundTripTest.dataEndEnd(bytes));
    ChunkSpan first = chunks(noSummary).get(0);
    noSummary[(int) first.end() + 9 + 2 + 4 + 3] ^= 1; // a timestamp in the MessageIndex after the first chunk
    Files.write(file, noSummary);
    Outcome o = read(file);
    assertSame(increasing(400), o.messages(), true);
    assertTrue(o.damage().stream().anyMatch(e -> e.getMessage().contains("data section CRC mismatch")),
        o.damage().toString());
  }

  /** A file with a summary is read through its index, which skips message indexes; verify() reads every byte. */
  @Test
  void verifyFindsDamageAnIndexedReadSkips() throws IOException {
    Path file = writeMcap(ChunkCodec.ZSTD);
    byte[] bytes = Files.readAllBytes(file);
    ChunkSpan first = chunks(bytes).get(0);
    bytes[(int) first.end() + 9 + 2 + 4 + 3] ^= 1; // a timestamp in the MessageIndex after the first chunk
    Files.write(file, bytes);
    try (BagReader r = BagReader.open(file)) {
      assertSame(increasing(400), readAll(r, MessageFilter.ALL), true);
      assertEquals(List.of(), r.damage());
      r.verify();
      assertTrue(r.damage().stream().anyMatch(e -> e.getMessage().contains("data section CRC mismatch")),
          r.damage().toString());
    }
    Path bag = tmp.resolve("fine");
    BagMessages.writeBag(bag, WriterOptions.SQLITE3, increasing(20));
    try (BagReader r = BagReader.open(bag)) {
      r.verify();
      assertEquals(List.of(), r.damage());
    }
  }

  @Test
  void db3ThatIsNotABagIsRefused() throws Exception {
    Path other = tmp.resolve("other.db3");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + other); Statement st = c.createStatement()) {
      st.execute("CREATE TABLE songs(id INTEGER PRIMARY KEY, title TEXT)");
    }
    BagFormatException e = assertThrows(BagFormatException.class, () -> BagReader.open(other));
    assertTrue(e.getMessage().contains("not a rosbag2 sqlite3 file") && e.getMessage().contains("other.db3"),
        e.getMessage());
    Path text = Files.writeString(tmp.resolve("text.db3"), "just some text, not a database at all ".repeat(40));
    BagFormatException t = assertThrows(BagFormatException.class, () -> BagReader.open(text));
    assertTrue(t.getMessage().contains("text.db3"), t.getMessage());
    Path unknown = Files.writeString(tmp.resolve("mystery.bin"), "neither");
    assertThrows(BagFormatException.class, () -> BagReader.open(unknown));
  }

  @Test
  void badSqliteRowYieldsEarlierRowsThenReportsTheRow() throws Exception {
    Path bag = tmp.resolve("rows");
    List<BagMessage> ms = increasing(50);
    BagMessages.writeBag(bag, WriterOptions.SQLITE3, ms);
    Path db = bag.resolve("rows_0.db3");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
      st.execute("UPDATE messages SET topic_id = 99 WHERE id = 21");
    }
    Outcome o = read(bag);
    assertSame(ms.subList(0, 20), o.messages(), false);
    assertEquals("messages row 21", o.damage().get(0).where());
  }
}
