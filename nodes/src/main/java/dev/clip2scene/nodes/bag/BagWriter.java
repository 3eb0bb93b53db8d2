package dev.clip2scene.nodes.bag;

import dev.clip2scene.model.io.FileErrors;
import dev.clip2scene.nodes.bag.mcap.McapWriter;
import dev.clip2scene.nodes.bag.sqlite.SqliteBagWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes a rosbag2 bag folder: storage files named {@code <folder>_<n>.mcap} or {@code .db3} (a new one each time
 * the current one reaches the split size) and, on close, metadata.yaml (version 9), also embedded in each file.
 */
public final class BagWriter implements Closeable {
  private final Path folder;
  private final WriterOptions options;
  private final Map<String, TopicInfo> topics = new LinkedHashMap<>();
  private final Map<String, Long> counts = new LinkedHashMap<>();
  private final List<BagMetadata.FileEntry> files = new ArrayList<>();
  private StorageWriter current;
  private String currentName;
  private long fileCount;
  private long fileStart = Long.MAX_VALUE;
  private long fileEnd = Long.MIN_VALUE;
  private long total;
  private long bagStart = Long.MAX_VALUE;
  private long bagEnd = Long.MIN_VALUE;
  private boolean closed;

  private BagWriter(Path folder, WriterOptions options) {
    this.folder = folder;
    this.options = options;
  }

  /** Creates FOLDER (it must not exist, or be an empty folder) and the first storage file. */
  public static BagWriter create(Path folder, WriterOptions options) throws IOException {
    if (Files.exists(folder) && !Files.isDirectory(folder)) {
      throw new FileAlreadyExistsException(folder.toString(), null, "exists and is a file; a bag is written as a new "
          + "folder");
    }
    if (Files.exists(folder)) {
      try (Stream<Path> s = Files.list(folder)) {
        if (s.findAny().isPresent()) {
          throw new FileAlreadyExistsException(folder.toString(), null, "bag folder exists and is not empty");
        }
      }
    }
    try {
      Files.createDirectories(folder);
    } catch (FileSystemException e) {
      throw new IOException("cannot create bag folder: " + FileErrors.describe(e), e);
    }
    BagWriter w = new BagWriter(folder, options);
    w.openNext();
    return w;
  }

  public Path folder() {
    return folder;
  }

  /** Declares a topic; its definition is stored as the schema (MCAP) or message definition (sqlite3). */
  public void addTopic(TopicInfo topic) throws IOException {
    if (topics.putIfAbsent(topic.name(), topic.withCount(0)) == null) {
      counts.put(topic.name(), 0L);
      current.addTopic(topic);
    }
  }

  public void write(BagMessage m) throws IOException {
    if (!topics.containsKey(m.topic())) {
      throw new IllegalArgumentException("topic " + m.topic() + " was not added before its messages");
    }
    current.write(m);
    counts.merge(m.topic(), 1L, Long::sum);
    fileCount++;
    total++;
    fileStart = Math.min(fileStart, m.logTimeNs());
    fileEnd = Math.max(fileEnd, m.logTimeNs());
    bagStart = Math.min(bagStart, m.logTimeNs());
    bagEnd = Math.max(bagEnd, m.logTimeNs());
    if (options.splitBytes() > 0 && current.bytesWritten() >= options.splitBytes()) {
      finishFile();
      openNext();
      for (TopicInfo t : topics.values()) current.addTopic(t);
    }
  }

  private void openNext() throws IOException {
    currentName = folder.getFileName() + "_" + files.size() + options.extension();
    Path f = folder.resolve(currentName);
    current = options.storage().equals("mcap")
        ? new McapWriter(f, options.compression(), options.chunkSize(), "clip2scene")
        : new SqliteBagWriter(f);
    fileCount = 0;
    fileStart = Long.MAX_VALUE;
    fileEnd = Long.MIN_VALUE;
  }

  private void finishFile() throws IOException {
    files.add(new BagMetadata.FileEntry(currentName, fileCount == 0 ? 0 : fileStart,
        fileCount == 0 ? 0 : fileEnd - fileStart, fileCount));
    try (StorageWriter w = current) {
      w.embedMetadata(metadata().embeddedYaml());
    }
    current = null;
  }

  /** The metadata of what was written so far. */
  public BagMetadata metadata() {
    List<TopicInfo> list = new ArrayList<>();
    for (TopicInfo t : topics.values()) list.add(t.withCount(counts.get(t.name())));
    List<String> paths = new ArrayList<>();
    files.forEach(f -> paths.add(f.path()));
    return new BagMetadata(BagMetadata.WRITTEN_VERSION, options.storage(), paths, total,
        total == 0 ? 0 : bagStart, total == 0 ? 0 : bagEnd - bagStart, list, files, "", "");
  }

  @Override
  public void close() throws IOException {
    if (closed) return;
    closed = true;
    finishFile();
    Files.writeString(folder.resolve(BagMetadata.FILE_NAME), metadata().fileYaml());
  }
}
