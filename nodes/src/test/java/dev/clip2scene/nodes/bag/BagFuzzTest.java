package dev.clip2scene.nodes.bag;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.clip2scene.nodes.bag.McapLayout.Key;
import dev.clip2scene.nodes.bag.McapLayout.Unit;
import dev.clip2scene.nodes.bag.mcap.ChunkCodec;
import dev.clip2scene.nodes.cli.Clip2SceneCommand;
import dev.clip2scene.testkit.Allocations;
import dev.clip2scene.testkit.Fixtures;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutated bags of both storages, from ../shared/data/bags (rosbag2's fixtures, a bag of the Python rosbags writer)
 * and bags the project writes itself (synthetic messages in every chunk compression, a CRC-less variant as some
 * recorders write, a small simulated drive): truncations, zeroed ranges (also zeroed chunk tails), flipped bits in
 * record and chunk headers and in indexes, huge values in size fields, random flips. Seeded, so every run tries the
 * same mutants. Mutants are written to a tmpfs where there is one.
 *
 * <p>What each read must show, and why it can be checked (MCAP: the test parses the intact file itself):
 * <ul>
 *   <li>always: nothing but BagFormatException escapes (and only from opening), allocation stays within a small
 *       multiple of the file, every damage report names the mutant or its metadata.yaml;</li>
 *   <li>MCAP, every complete message before the damage is yielded: a truncated or summary-less file is scanned in
 *       file order, so every chunk that ends before the first mutated byte; an indexed file is read chunk by chunk in
 *       the order of their first message time, so every chunk sorted before the first damaged one; damage after the
 *       data section (summary, footer) changes no message, so all of them (when the summary has a CRC);</li>
 *   <li>MCAP with chunk CRCs: anything but the original messages in order is reported, and no message is altered
 *       silently; with data section and summary CRCs too (what clip2scene writes), read + verify report any change
 *       of the file but a CRC field set to 0 (which means "not computed");</li>
 *   <li>MCAP without chunk CRCs: only damage that is visible without them is tried (truncations, chunk tails zeroed
 *       from a record on, huge record lengths), and must be reported when it loses messages;</li>
 *   <li>sqlite3 (no checksums, so a changed blob is invisible to any reader): fewer or other per-topic counts than
 *       the original are reported; a truncated file is reported on open and yields only original messages; its
 *       page layout does not follow time, so no prefix is promised.</li>
 * </ul>
 */
class BagFuzzTest {
  private static final long SEED = 20_260_014L;
  /** Per-read allocation allowed: decompressed chunks, message copies, sqlite rows; far below any size bomb. */
  private static final long BYTES_PER_FILE_BYTE = 64;
  private static final long FIXED_BYTES = 32L << 20;
  private static final long[] HUGE = {0x7FFF_FFFFL, 0xFFFF_FFFFL, 1L << 40, Long.MAX_VALUE, -1L, (512L << 20) - 1,
      1L << 20, 0x8000_0000_0000_0000L};

  @TempDir static Path tmp;
  private static Path work;
  private static final Map<String, Long> totals = new HashMap<>();

  @BeforeAll
  static void workFolder() throws IOException {
    Path shm = Path.of("/dev/shm");
    work = Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, "bagfuzz") : tmp;
  }

  @AfterAll
  static void cleanUp() throws IOException {
    if (!work.equals(tmp)) {
      try (Stream<Path> s = Files.walk(work)) {
        for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
      }
    }
    System.out.println("bag fuzz: " + totals);
  }

  /** A bag to mutate: its folder (metadata.yaml beside the storage file, or none) and the storage file. */
  private record Subject(String name, Path folder, Path file, int mutants) {}

  private static List<BagMessage> increasing(int n, long seed) {
    List<BagMessage> ms = new ArrayList<>(BagMessages.synthetic(n, seed));
    ms.sort(Comparator.comparingLong(BagMessage::logTimeNs));
    return ms;
  }

  private static Subject written(String name, WriterOptions options, int messages, int mutants) throws IOException {
    Path folder = tmp.resolve(name);
    BagMessages.writeBag(folder, options, increasing(messages, name.hashCode()));
    return new Subject(name, folder, folder.resolve(name + "_0" + options.extension()), mutants);
  }

  private static Subject simulated(String name, String storage, int mutants) {
    Path folder = tmp.resolve(name);
    StringWriter out = new StringWriter();
    picocli.CommandLine cli = Clip2SceneCommand.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(out, true));
    int code = cli.execute("sim", "--frames", "2", "--width", "32", "--points-per-sweep", "320", "--seed", "3",
        "--storage", storage, "--out", folder.toString());
    assertTrue(code == 0, out.toString());
    return new Subject(name, folder, folder.resolve(name + "_0" + (storage.equals("mcap") ? ".mcap" : ".db3")),
        mutants);
  }

  private static Subject shared(String relative, int mutants) {
    Path file = Fixtures.sharedData("bags/" + relative);
    Path folder = file.getParent();
    boolean withYaml = Files.isRegularFile(folder.resolve(BagMetadata.FILE_NAME));
    return new Subject(relative, withYaml ? folder : null, file, mutants);
  }

  @Test
  @Timeout(value = 20, unit = TimeUnit.MINUTES)
  void mutatedMcapBagsYieldEveryMessageBeforeTheDamageAndReportIt() throws IOException {
    List<Subject> subjects = List.of(
        written("zstd", WriterOptions.MCAP.withChunkSize(1024), 120, 1500),
        written("lz4", WriterOptions.MCAP.withCompression(ChunkCodec.LZ4).withChunkSize(1024), 120, 1000),
        written("none", WriterOptions.MCAP.withCompression(ChunkCodec.NONE).withChunkSize(1024), 120, 1500),
        withoutCrcs(written("nocrc", WriterOptions.MCAP.withCompression(ChunkCodec.NONE).withChunkSize(1024), 120,
            1200)),
        simulated("sim", "mcap", 1200),
        shared("ros2-rosbag2/talker/talker.mcap", 700),
        shared("ros2-rosbag2/cdr_test_mcap/cdr_test_0.mcap", 700),
        shared("ros2-rosbag2/topics_and_services/topics_and_services.mcap", 700),
        shared("rosbags-py/test_bag_mcap/test_bag_mcap.mcap", 500));
    Random rnd = new Random(SEED);
    long start = System.nanoTime();
    int n = 0;
    for (Subject s : subjects) {
      byte[] original = Files.readAllBytes(s.file());
      McapLayout layout = new McapLayout(original);
      Copy copy = Copy.of(s, "mcap");
      List<Key> all = keys(read(copy.path(), false).messages());
      for (int i = 0; i < s.mutants(); i++, n++) {
        Mutant m = mcapMutant(layout, rnd);
        copy.write(m.bytes());
        checkMcap(s, copy, layout, all, m, i % 3 == 0);
      }
    }
    totals.put("mcap mutants", (long) n);
    totals.put("mcap ms", (System.nanoTime() - start) / 1_000_000);
    assertTrue(n >= 9_000, n + " MCAP mutants");
  }

  @Test
  @Timeout(value = 20, unit = TimeUnit.MINUTES)
  void mutatedSqliteBagsNeverLoseMessagesSilently() throws IOException {
    List<Subject> subjects = List.of(
        written("db", WriterOptions.SQLITE3, 150, 900),
        simulated("simdb", "sqlite3", 700),
        shared("ros2-rosbag2/cdr_test_sqlite3/cdr_test_0.db3", 500),
        shared("ros2-rosbag2/bag_with_topics_and_service_events/bag_with_topics_and_service_events.db3", 500),
        shared("ros2-rosbag2/topics_and_services/topics_and_services.db3", 400));
    Random rnd = new Random(SEED + 1);
    long start = System.nanoTime();
    int n = 0;
    for (Subject s : subjects) {
      byte[] original = Files.readAllBytes(s.file());
      Copy copy = Copy.of(s, "db3");
      List<BagMessage> all = read(copy.path(), false).messages();
      for (int i = 0; i < s.mutants(); i++, n++) {
        Mutant m = sqliteMutant(original, rnd);
        copy.write(m.bytes());
        checkSqlite(s, copy, all, m, i % 3 == 0);
      }
    }
    totals.put("sqlite mutants", (long) n);
    totals.put("sqlite ms", (System.nanoTime() - start) / 1_000_000);
    assertTrue(n >= 3_000, n + " sqlite mutants");
  }

  // ---- reading ----------------------------------------------------------------------------------------------

  private record Outcome(List<BagMessage> messages, List<BagFormatException> damage, long allocated) {}

  /** Opens, counts (bag info), reads everything and, with VERIFY, runs the full check; nothing else may escape. */
  private static Outcome read(Path bag, boolean verify) throws IOException {
    long before = Allocations.allocatedBytes();
    List<BagMessage> ms = new ArrayList<>();
    List<BagFormatException> damage = new ArrayList<>();
    BagReader r;
    try {
      r = BagReader.open(bag);
    } catch (BagFormatException e) {
      damage.add(e);
      return new Outcome(ms, damage, Allocations.allocatedBytes() - before);
    }
    try (r) {
      r.info();
      ms.addAll(BagMessages.readAll(r, MessageFilter.ALL));
      if (verify) r.verify();
      damage.addAll(r.damage());
    }
    return new Outcome(ms, damage, Allocations.allocatedBytes() - before);
  }

  private static List<Key> keys(List<BagMessage> ms) {
    return ms.stream().map(Key::of).toList();
  }

  /** The working copy a mutant is written to: a folder with the subject's metadata.yaml, or a lone file. */
  private record Copy(Path path, Path file, Path yaml) {
    static Copy of(Subject s, String extension) throws IOException {
      Path dir = Files.createDirectories(work.resolve(s.name().replaceAll("[^A-Za-z0-9]", "_")));
      Path file = dir.resolve(s.file().getFileName());
      Files.copy(s.file(), file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      if (s.folder() == null) return new Copy(file, file, null);
      Path yaml = dir.resolve(BagMetadata.FILE_NAME);
      Files.copy(s.folder().resolve(BagMetadata.FILE_NAME), yaml, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      return new Copy(dir, file, yaml);
    }

    void write(byte[] bytes) throws IOException {
      Files.write(file, bytes);
    }
  }

  // ---- mutants ----------------------------------------------------------------------------------------------

  enum Kind { TRUNCATE, ZERO_RANGE, ZERO_CHUNK_TAIL, FLIP_HEADER, FLIP_INDEX, HUGE_SIZE, FLIP_ANY }

  /** The mutated bytes; [from, to) is what changed (to = the original length for a truncation). */
  private record Mutant(Kind kind, byte[] bytes, int from, int to, boolean truncated) {
    String describe() {
      return kind + " [" + from + ", " + to + ")";
    }
  }

  private static Subject withoutCrcs(Subject s) throws IOException {
    byte[] b = Files.readAllBytes(s.file());
    McapLayout layout = new McapLayout(b);
    for (int at : layout.crcFields) {
      if (at < layout.dataEnd + 13) Arrays.fill(b, at, at + 4, (byte) 0); // chunk and data section CRCs
    }
    Files.write(s.file(), b);
    return s;
  }

  private static Mutant mcapMutant(McapLayout layout, Random rnd) {
    byte[] o = layout.bytes;
    boolean crcs = layout.everyChunkHasACrc();
    Kind kind = crcs ? Kind.values()[rnd.nextInt(Kind.values().length)]
        : List.of(Kind.TRUNCATE, Kind.ZERO_CHUNK_TAIL, Kind.HUGE_SIZE).get(rnd.nextInt(3));
    switch (kind) {
      case TRUNCATE -> {
        int cut;
        if (rnd.nextInt(5) < 2) {
          Unit u = layout.units.get(rnd.nextInt(layout.units.size()));
          cut = (int) Math.max(0, Math.min(o.length - 1, (rnd.nextBoolean() ? u.end() : u.offset()) + rnd.nextInt(7) - 3));
        } else {
          cut = rnd.nextInt(o.length);
        }
        return new Mutant(kind, Arrays.copyOf(o, cut), cut, o.length, true);
      }
      case ZERO_RANGE -> {
        int from = rnd.nextInt(o.length);
        int to = Math.min(o.length, from + 1 + rnd.nextInt(2048));
        return changed(kind, o, from, to, b -> Arrays.fill(b, from, to, (byte) 0));
      }
      case ZERO_CHUNK_TAIL -> {
        List<Unit> chunks = layout.units.stream().filter(Unit::chunk).toList();
        Unit c = chunks.get(rnd.nextInt(chunks.size()));
        int from = c.recordStarts().isEmpty() || rnd.nextInt(4) == 0 && crcs
            ? (int) (c.offset() + 1 + rnd.nextInt((int) (c.end() - c.offset() - 1)))
            : c.recordStarts().get(rnd.nextInt(c.recordStarts().size()));
        return changed(kind, o, from, (int) c.end(), b -> Arrays.fill(b, from, (int) c.end(), (byte) 0));
      }
      case FLIP_HEADER, FLIP_INDEX, FLIP_ANY -> {
        List<Integer> where = kind == Kind.FLIP_HEADER ? layout.headerBytes : layout.indexBytes;
        int at = kind == Kind.FLIP_ANY || where.isEmpty() ? rnd.nextInt(o.length) : where.get(rnd.nextInt(where.size()));
        int bit = 1 << rnd.nextInt(8);
        return changed(kind, o, at, at + 1, b -> b[at] ^= (byte) bit);
      }
      default -> {
        List<int[]> fields = crcs ? layout.sizeFields : layout.sizeFields.stream().filter(f -> f[1] == 8).toList();
        int[] f = fields.get(rnd.nextInt(fields.size()));
        long v = HUGE[rnd.nextInt(HUGE.length)];
        return changed(kind, o, f[0], f[0] + f[1], b -> {
          ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
          if (f[1] == 8) bb.putLong(f[0], v);
          else bb.putInt(f[0], (int) v);
        });
      }
    }
  }

  private static Mutant changed(Kind kind, byte[] original, int from, int to, java.util.function.Consumer<byte[]> edit) {
    byte[] b = original.clone();
    edit.accept(b);
    return new Mutant(kind, b, from, to, false);
  }

  private static Mutant sqliteMutant(byte[] o, Random rnd) {
    int pageSize = pageSize(o);
    int pages = o.length / pageSize;
    int page = rnd.nextInt(pages);
    int pageStart = page * pageSize + (page == 0 ? 100 : 0);
    Kind kind = Kind.values()[rnd.nextInt(Kind.values().length)];
    switch (kind) {
      case TRUNCATE -> {
        int cut = rnd.nextBoolean() ? rnd.nextInt(o.length) : page * pageSize;
        return new Mutant(kind, Arrays.copyOf(o, cut), cut, o.length, true);
      }
      case ZERO_RANGE, ZERO_CHUNK_TAIL -> {
        int from = kind == Kind.ZERO_RANGE ? rnd.nextInt(o.length) : page * pageSize;
        int to = kind == Kind.ZERO_RANGE ? Math.min(o.length, from + 1 + rnd.nextInt(512)) : from + pageSize;
        return changed(kind, o, from, to, b -> Arrays.fill(b, from, to, (byte) 0));
      }
      case FLIP_HEADER, FLIP_INDEX -> {
        // the file header, or a page header and its cell pointers (b-tree pages of tables and indexes alike)
        int at = kind == Kind.FLIP_HEADER && rnd.nextInt(4) == 0 ? rnd.nextInt(100) : pageStart + rnd.nextInt(64);
        int bit = 1 << rnd.nextInt(8);
        return changed(kind, o, at, at + 1, b -> b[at] ^= (byte) bit);
      }
      case HUGE_SIZE -> {
        // varints and 4-byte sizes read as all ones: record header sizes, overflow page numbers, cell counts
        int at = pageStart + rnd.nextInt(pageSize - 8 - (pageStart - page * pageSize));
        int width = 2 + rnd.nextInt(7);
        return changed(kind, o, at, at + width, b -> Arrays.fill(b, at, at + width, (byte) 0xFF));
      }
      default -> {
        int at = rnd.nextInt(o.length);
        int bit = 1 << rnd.nextInt(8);
        return changed(kind, o, at, at + 1, b -> b[at] ^= (byte) bit);
      }
    }
  }

  private static int pageSize(byte[] db) {
    int raw = ((db[16] & 0xFF) << 8) | (db[17] & 0xFF);
    return raw == 1 ? 65_536 : raw;
  }

  // ---- checks -----------------------------------------------------------------------------------------------

  /** Reads the mutant; anything escaping but an open failure fails the test, as does unbounded allocation. */
  private static Outcome readMutant(Subject s, Copy copy, Mutant m, boolean verify) {
    Outcome o;
    try {
      o = read(copy.path(), verify);
    } catch (Throwable t) {
      throw new AssertionError(s.name() + " " + m.describe() + " threw " + t, t);
    }
    checkCommon(s, copy, m, o);
    return o;
  }

  private static String describe(Subject s, Mutant m, Outcome o, int all) {
    return s.name() + " " + m.describe() + " -> " + o.messages().size() + " of " + all + " read, " + o.damage();
  }

  private static void checkCommon(Subject s, Copy copy, Mutant m, Outcome o) {
    long size = m.bytes().length + (copy.yaml() == null ? 0 : 8192);
    if (o.allocated() > FIXED_BYTES + BYTES_PER_FILE_BYTE * size) {
      fail(s.name() + " " + m.describe() + ": allocated " + o.allocated() + " bytes reading " + size);
    }
    for (BagFormatException e : o.damage()) {
      if (!e.file().equals(copy.file()) && !e.file().equals(copy.yaml()) && !e.file().equals(copy.path())) {
        fail(s.name() + " " + m.describe() + ": damage names " + e.file() + ": " + e.getMessage());
      }
    }
  }

  private static void checkMcap(Subject s, Copy copy, McapLayout layout, List<Key> all, Mutant m, boolean verify) {
    Outcome o = readMutant(s, copy, m, verify);
    String what = describe(s, m, o, all.size());
    List<Key> got = keys(o.messages());
    boolean reported = !o.damage().isEmpty();
    if (!got.equals(all) && !reported) fail("silent: " + what);
    if (layout.everyChunkHasACrc()) {
      Map<Key, Long> left = multiset(all);
      for (Key k : got) {
        if (left.merge(k, -1L, Long::sum) < 0) fail("a message not in the original (altered silently?): " + what);
      }
    }
    Map<Key, Long> have = multiset(got);
    for (Key k : guaranteed(layout, m, all)) {
      if (have.merge(k, -1L, Long::sum) < 0) fail("a complete message before the damage is missing: " + what);
    }
    if (verify && layout.everyChunkHasACrc() && layout.dataCrc != 0 && layout.summaryCrc != 0 && !reported
        && !onlyCrcZeroed(layout, m)) {
      fail("verify missed a change: " + what);
    }
  }

  /** The messages a read must yield whatever the mutant's damage: see the class comment. */
  private static List<Key> guaranteed(McapLayout layout, Mutant m, List<Key> all) {
    List<Key> g = new ArrayList<>();
    boolean indexedFile = layout.summaryStart != 0 && layout.hasChunkIndexes;
    if (!m.truncated() && layout.dataEnd >= 0 && m.from() >= layout.dataEnd) {
      return layout.summaryCrc != 0 || layout.summaryStart == 0 ? all : g;
    }
    if (m.truncated() || !indexedFile || layout.dataEnd < 0 || m.to() > layout.dataEnd) {
      for (Unit u : layout.units) if (u.end() <= m.from()) g.addAll(u.messages());
      return g;
    }
    Comparator<Unit> readOrder = Comparator.comparingLong(Unit::startTime).thenComparingLong(Unit::offset);
    Unit first = null;
    for (Unit u : layout.units) {
      if (u.chunk() && u.offset() < m.to() && u.end() > m.from() && (first == null || readOrder.compare(u, first) < 0)) {
        first = u;
      }
    }
    for (Unit u : layout.units) if (u.chunk() && (first == null || readOrder.compare(u, first) < 0)) g.addAll(u.messages());
    return g;
  }

  /** Whether every changed byte lies in a CRC field that now reads 0 ("no CRC"): a valid file, nothing to report. */
  private static boolean onlyCrcZeroed(McapLayout layout, Mutant m) {
    if (m.truncated()) return false;
    for (int i = m.from(); i < m.to(); i++) {
      if (m.bytes()[i] == layout.bytes[i]) continue;
      boolean inZeroCrc = false;
      for (int c : layout.crcFields) {
        if (i >= c && i < c + 4 && ByteBuffer.wrap(m.bytes()).order(ByteOrder.LITTLE_ENDIAN).getInt(c) == 0) {
          inZeroCrc = true;
        }
      }
      if (!inZeroCrc) return false;
    }
    return true;
  }

  private static Map<Key, Long> multiset(List<Key> keys) {
    Map<Key, Long> m = new HashMap<>();
    for (Key k : keys) m.merge(k, 1L, Long::sum);
    return m;
  }

  private static void checkSqlite(Subject s, Copy copy, List<BagMessage> all, Mutant m, boolean verify) {
    Outcome o = readMutant(s, copy, m, verify);
    String what = describe(s, m, o, all.size());
    boolean reported = !o.damage().isEmpty();
    if (!reported && !counts(o.messages(), copy.yaml() != null).equals(counts(all, copy.yaml() != null))) {
      fail("silent loss: " + what);
    }
    if (m.truncated()) {
      if (!reported) fail("truncation not reported: " + what);
      Map<Key, Long> left = multiset(keys(all));
      for (Key k : keys(o.messages())) {
        if (left.merge(k, -1L, Long::sum) < 0) fail("a message not in the original from a truncated file: " + what);
      }
    }
  }

  /** Messages per topic (with metadata.yaml, which claims them) or in all. */
  private static Map<String, Long> counts(List<BagMessage> ms, boolean perTopic) {
    Map<String, Long> m = new HashMap<>();
    for (BagMessage b : ms) m.merge(perTopic ? b.topic() : "", 1L, Long::sum);
    return m;
  }
}
