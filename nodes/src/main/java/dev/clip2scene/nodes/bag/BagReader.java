package dev.clip2scene.nodes.bag;

import dev.clip2scene.nodes.bag.mcap.McapFileReader;
import dev.clip2scene.nodes.bag.sqlite.SqliteBagReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A rosbag2 bag: a folder (metadata.yaml plus storage files, or without metadata.yaml every .mcap and .db3 in it)
 * or a single .mcap / .db3 file. Messages of all files come out in one log-time order (a k-way merge); each file is
 * streamed, so memory stays bounded whatever the bag's size.
 */
public final class BagReader implements Closeable {
  private static final byte[] SQLITE_MAGIC = "SQLite format 3\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private final Path path;
  private final BagMetadata metadata;
  private final List<StorageReader> storages;
  /** Damage of the bag as a whole: its files disagreeing with metadata.yaml. */
  private final List<BagFormatException> bagDamage = new ArrayList<>();

  private BagReader(Path path, BagMetadata metadata, List<StorageReader> storages) {
    this.path = path;
    this.metadata = metadata;
    this.storages = List.copyOf(storages);
  }

  public static BagReader open(Path path) throws IOException {
    return open(path, ReadLimits.DEFAULT);
  }

  public static BagReader open(Path path, ReadLimits limits) throws IOException {
    if (!Files.exists(path)) throw new NoSuchFileException(path.toString(), null, "no such bag folder or file");
    BagMetadata md = null;
    List<Path> files = new ArrayList<>();
    if (Files.isDirectory(path)) {
      Path yaml = path.resolve(BagMetadata.FILE_NAME);
      if (Files.isRegularFile(yaml)) {
        md = BagMetadata.read(yaml);
        if (!md.compressionMode().isEmpty()) {
          throw new BagFormatException(yaml, "compression_mode", -1, "rosbag2 '" + md.compressionMode() + "' "
              + md.compressionFormat() + " compression is not supported; decompress the bag with "
              + "`ros2 bag convert` first");
        }
        for (String rel : md.relativeFilePaths()) files.add(locate(path, rel, yaml));
      } else {
        try (Stream<Path> s = Files.list(path)) {
          s.filter(p -> kindByName(p) != null).sorted().forEach(files::add);
        }
        if (files.isEmpty()) {
          throw new BagFormatException(path, "bag folder", -1, "holds neither metadata.yaml nor .mcap/.db3 files");
        }
      }
    } else {
      files.add(path);
    }
    List<StorageReader> readers = new ArrayList<>();
    try {
      for (Path f : files) readers.add(openStorage(f, limits));
    } catch (IOException | RuntimeException e) {
      for (StorageReader r : readers) r.close();
      throw e;
    }
    return new BagReader(path, md, readers);
  }

  /**
   * A file metadata.yaml lists: relative to the bag folder; early rosbag2 releases wrote the folder name in front
   * ("bag/bag_0.db3"), and bags that were moved may keep old prefixes, so the bare file name is tried last.
   */
  private static Path locate(Path folder, String rel, Path yaml) throws BagFormatException {
    Path given = Path.of(rel);
    List<Path> candidates = new ArrayList<>(List.of(folder.resolve(given)));
    if (folder.toAbsolutePath().getParent() != null) candidates.add(folder.toAbsolutePath().getParent().resolve(given));
    if (given.getFileName() != null) candidates.add(folder.resolve(given.getFileName()));
    for (Path c : candidates) if (Files.isRegularFile(c)) return c;
    throw new BagFormatException(yaml, "relative_file_paths", -1, "lists " + rel + ", which is absent");
  }

  /** Opens one storage file, by extension, else by its first bytes. */
  public static StorageReader openStorage(Path file, ReadLimits limits) throws IOException {
    String kind = kindByName(file);
    if (kind == null) kind = kindByMagic(file);
    return switch (kind) {
      case "mcap" -> McapFileReader.open(file, limits);
      case "sqlite3" -> SqliteBagReader.open(file, limits);
      default -> throw new BagFormatException(file, "file", 0, "neither an MCAP nor an sqlite3 file");
    };
  }

  private static String kindByName(Path p) {
    String n = p.getFileName().toString();
    if (n.endsWith(".mcap")) return "mcap";
    if (n.endsWith(".db3")) return "sqlite3";
    return null;
  }

  private static String kindByMagic(Path file) throws IOException {
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes(SQLITE_MAGIC.length);
    }
    if (head.length >= 5 && (head[0] & 0xFF) == 0x89 && head[1] == 'M' && head[2] == 'C') return "mcap";
    if (Arrays.equals(head, SQLITE_MAGIC)) return "sqlite3";
    return "unknown";
  }

  public Path path() {
    return path;
  }

  /** The folder's metadata.yaml, when it has one. */
  public Optional<BagMetadata> metadata() {
    return Optional.ofNullable(metadata);
  }

  public List<StorageReader> storages() {
    return storages;
  }

  /** Topics, counts and time range, counted from the storage files. */
  public BagInfo info() throws IOException {
    Map<String, TopicInfo> topics = new LinkedHashMap<>();
    Set<String> kinds = new TreeSet<>();
    long count = 0;
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    List<Path> files = new ArrayList<>();
    for (StorageReader r : storages) {
      files.add(r.file());
      kinds.add(r.storageId());
      long fileCount = 0;
      for (TopicInfo t : r.topics()) {
        topics.merge(t.name(), t, (a, b) -> a.withCount(a.messageCount() + b.messageCount()));
        fileCount += t.messageCount();
      }
      if (fileCount > 0) {
        long[] range = r.timeRange();
        first = Math.min(first, range[0]);
        last = Math.max(last, range[1]);
      }
      count += fileCount;
    }
    BagInfo info = new BagInfo(String.join("+", kinds), files, count, count == 0 ? 0 : first, count == 0 ? 0 : last,
        new ArrayList<>(topics.values()));
    if (metadata != null) {
      String problem = metadataClaim().difference(MessageCounts.byTopic(info.topics()), MessageFilter.ALL);
      if (problem != null) {
        report(new BagFormatException(yaml(), "message counts", -1, problem.replace(" were read", " are in the "
            + "storage files")));
      }
    }
    return info;
  }

  /** What metadata.yaml claims the whole bag holds. */
  private MessageCounts metadataClaim() {
    return new MessageCounts("metadata.yaml", metadata.messageCount(), MessageCounts.byTopic(metadata.topics()));
  }

  /** What metadata.yaml claims one of several files holds (its files entry; nothing for a single-file bag). */
  private List<MessageCounts> fileClaim(StorageReader r) {
    if (metadata == null || metadata.files().size() < 2) return List.of();
    for (BagMetadata.FileEntry f : metadata.files()) {
      Path listed = Path.of(f.path()).getFileName();
      if (listed != null && listed.equals(r.file().getFileName())) {
        return List.of(new MessageCounts("metadata.yaml (files: " + f.path() + ")", f.messageCount(), Map.of()));
      }
    }
    return List.of();
  }

  private Path yaml() {
    return path.resolve(BagMetadata.FILE_NAME);
  }

  private void report(BagFormatException e) {
    for (BagFormatException known : bagDamage) if (known.getMessage().equals(e.getMessage())) return;
    bagDamage.add(e);
  }

  /**
   * All messages FILTER accepts, in log-time order across files (ties: file order). Once the cursor has ended, what
   * it yielded is compared with what each file and metadata.yaml claim; differences join {@link #damage()}.
   */
  public MessageCursor messages(MessageFilter filter) throws IOException {
    List<MessageCursor> cursors = new ArrayList<>();
    try {
      for (StorageReader r : storages) {
        cursors.add(MessageCounts.compareAtEnd(r.messages(filter), filter, r.file(), () -> fileClaim(r),
            this::report));
      }
    } catch (IOException | RuntimeException e) {
      for (MessageCursor c : cursors) c.close();
      throw e;
    }
    MessageCursor all = cursors.size() == 1 ? cursors.get(0) : new MergedCursor(cursors);
    return metadata == null ? all : MessageCounts.compareAtEnd(all, filter, yaml(), () -> List.of(metadataClaim()),
        this::report);
  }

  public MessageCursor messages() throws IOException {
    return messages(MessageFilter.ALL);
  }

  /** Checks every file completely (see {@link StorageReader#verify()}); findings join {@link #damage()}. */
  public void verify() throws IOException {
    for (StorageReader r : storages) r.verify();
  }

  /** Damage found in any file so far; complete once a cursor has been read to its end. */
  public List<BagFormatException> damage() {
    Set<BagFormatException> all = new LinkedHashSet<>();
    for (StorageReader r : storages) all.addAll(r.damage());
    all.addAll(bagDamage);
    return new ArrayList<>(all);
  }

  @Override
  public void close() throws IOException {
    IOException first = null;
    for (StorageReader r : storages) {
      try {
        r.close();
      } catch (IOException e) {
        if (first == null) first = e;
      }
    }
    if (first != null) throw first;
  }

  /** k-way merge of per-file cursors by log time. */
  private static final class MergedCursor implements MessageCursor {
    private record Head(BagMessage message, int file, MessageCursor cursor) {}

    private final List<MessageCursor> cursors;
    private final PriorityQueue<Head> heap = new PriorityQueue<>((a, b) -> {
      int c = Long.compare(a.message().logTimeNs(), b.message().logTimeNs());
      return c != 0 ? c : Integer.compare(a.file(), b.file());
    });

    MergedCursor(List<MessageCursor> cursors) throws IOException {
      this.cursors = cursors;
      for (int i = 0; i < cursors.size(); i++) advance(i, cursors.get(i));
    }

    private void advance(int file, MessageCursor c) throws IOException {
      BagMessage m = c.next();
      if (m != null) heap.add(new Head(m, file, c));
    }

    @Override
    public BagMessage next() throws IOException {
      Head h = heap.poll();
      if (h == null) return null;
      advance(h.file(), h.cursor());
      return h.message();
    }

    @Override
    public void close() throws IOException {
      for (MessageCursor c : cursors) c.close();
      heap.clear();
    }
  }
}
