package dev.clip2scene.nodes.bag;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every message a located cursor returns reads back alone from its location, in a reader opened afresh (as a
 * sample loader's worker opens its own): MCAP read through its summary (many chunks, split files), MCAP without a
 * summary (a crashed recorder: the one-time scan finds the channels), sqlite3 by row id.
 */
class MessageLocatorTest {
  @TempDir Path tmp;

  private record Located(BagMessage message, int file, long location) {}

  @Test
  void indexedMcapInSplitFilesReadsBackByChunkOffset() throws IOException {
    Path bag = tmp.resolve("split");
    BagMessages.writeBag(bag, WriterOptions.MCAP.withChunkSize(2048).withSplitBytes(20_000), BagMessages.synthetic(600, 3));
    List<Located> all = locate(bag);
    assertEquals(600, all.size());
    try (BagReader r = BagReader.open(bag)) {
      assertTrue(r.storages().size() > 1, "split into several files");
    }
    assertTrue(all.stream().map(Located::location).distinct().count() > 10, "messages in many chunks");
    assertReadBack(bag, all);
  }

  @Test
  void mcapWithoutSummaryReadsBackAfterOneScanForItsChannels() throws IOException {
    Path bag = tmp.resolve("crashed");
    BagMessages.writeBag(bag, WriterOptions.MCAP.withChunkSize(2048), BagMessages.synthetic(300, 4));
    Path file = bag.resolve("crashed_0.mcap");
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, RoundTripTest.dataEndEnd(bytes)));
    Files.delete(bag.resolve(BagMetadata.FILE_NAME));
    List<Located> all = locate(file);
    assertEquals(300, all.size());
    assertReadBack(file, all);
  }

  @Test
  void salvagingGoesOnPastADamagedChunkWhereTheSummaryListsTheRest() throws IOException {
    Path bag = tmp.resolve("damaged");
    List<BagMessage> messages = BagMessages.synthetic(400, 7);
    BagMessages.writeBag(bag, WriterOptions.MCAP.withChunkSize(2048), messages);
    Path file = bag.resolve("damaged_0.mcap");
    List<Located> all = locate(bag);
    long middle = all.get(200).location();
    long lost = all.stream().filter(l -> l.location() == middle).count();
    byte[] bytes = Files.readAllBytes(file);
    bytes[(int) middle + 100] ^= 0x55; // inside the chunk's compressed records: its CRC or zstd fails
    Files.write(file, bytes);
    try (BagReader r = BagReader.open(bag)) {
      MessageLocator m = (MessageLocator) r.storages().get(0);
      int stopped = 0;
      try (MessageLocator.LocatedCursor c = m.locatedMessages(MessageFilter.ALL)) {
        while (c.next() != null) stopped++;
      }
      int salvaged = 0;
      try (MessageLocator.LocatedCursor c = m.salvagingMessages(MessageFilter.ALL)) {
        for (BagMessage x = c.next(); x != null; x = c.next()) {
          assertTrue(c.location() != middle, "nothing from the damaged chunk");
          salvaged++;
        }
      }
      assertTrue(stopped < 300, "a plain read stops at the damage: " + stopped);
      assertEquals(400 - lost, salvaged, "every message but the damaged chunk's " + lost);
      assertTrue(r.damage().stream().anyMatch(e -> e.getMessage().contains("Chunk record at byte " + middle)), r.damage().toString());
      assertTrue(r.damage().stream().anyMatch(e -> e.getMessage().contains(lost + " missing")), "the count comparison names the loss too: " + r.damage());
    }
  }

  @Test
  void sqliteReadsBackByRowId() throws IOException {
    Path bag = tmp.resolve("db");
    BagMessages.writeBag(bag, WriterOptions.SQLITE3, BagMessages.synthetic(120, 5));
    List<Located> all = locate(bag);
    assertEquals(120, all.size());
    assertReadBack(bag, all);
    try (BagReader r = BagReader.open(bag)) {
      MessageLocator db = (MessageLocator) r.storages().get(0);
      BagFormatException e = assertThrows(BagFormatException.class, () -> db.readAt(99_999, MessageFilter.ALL));
      assertTrue(e.getMessage().contains("messages row 99999") && e.getMessage().contains(".db3"), e.getMessage());
    }
  }

  @Test
  void aPlaceWhereNoRecordStartsIsNamed() throws IOException {
    Path bag = tmp.resolve("m");
    BagMessages.writeBag(bag, WriterOptions.MCAP, BagMessages.synthetic(50, 6));
    try (BagReader r = BagReader.open(bag)) {
      MessageLocator m = (MessageLocator) r.storages().get(0);
      BagFormatException e = assertThrows(BagFormatException.class, () -> m.readAt(9, MessageFilter.ALL));
      assertTrue(e.getMessage().contains("m_0.mcap") && e.getMessage().contains("at byte 9"), e.getMessage());
    }
  }

  private static List<Located> locate(Path bag) throws IOException {
    List<Located> out = new ArrayList<>();
    try (BagReader r = BagReader.open(bag)) {
      for (int f = 0; f < r.storages().size(); f++) {
        try (MessageLocator.LocatedCursor c = ((MessageLocator) r.storages().get(f)).locatedMessages(MessageFilter.ALL)) {
          for (BagMessage m = c.next(); m != null; m = c.next()) out.add(new Located(m, f, c.location()));
        }
      }
    }
    return out;
  }

  private static void assertReadBack(Path bag, List<Located> all) throws IOException {
    try (BagReader fresh = BagReader.open(bag)) {
      for (Located l : all) {
        BagMessage want = l.message();
        MessageLocator at = (MessageLocator) fresh.storages().get(l.file());
        List<BagMessage> got = at.readAt(l.location(), new MessageFilter(Set.of(want.topic()), want.logTimeNs(), want.logTimeNs()));
        assertFalse(got.isEmpty(), want.topic() + " at " + want.logTimeNs() + " not found at " + l.location());
        assertTrue(got.stream().anyMatch(g -> Arrays.equals(g.data(), want.data())), "the same payload at " + l.location());
        assertEquals(want.type(), got.get(0).type());
      }
      for (BagFormatException e : fresh.damage()) {
        assertTrue(e.getMessage().contains("does not end in a footer"), "nothing found damaged but the missing summary: " + e.getMessage());
      }
    }
  }
}
