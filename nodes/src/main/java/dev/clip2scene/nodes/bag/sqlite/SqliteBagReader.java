package dev.clip2scene.nodes.bag.sqlite;

import dev.clip2scene.nodes.bag.BagFormatException;
import dev.clip2scene.nodes.bag.BagMessage;
import dev.clip2scene.nodes.bag.MessageCounts;
import dev.clip2scene.nodes.bag.MessageCursor;
import dev.clip2scene.nodes.bag.MessageDefinition;
import dev.clip2scene.nodes.bag.MessageFilter;
import dev.clip2scene.nodes.bag.MessageLocator;
import dev.clip2scene.nodes.bag.ReadLimits;
import dev.clip2scene.nodes.bag.StorageReader;
import dev.clip2scene.nodes.bag.TopicInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads one rosbag2 sqlite3 file (.db3), schema versions 1 to 4: version 1 has only id, name, type and
 * serialization_format in {@code topics}; later versions add QoS, type hashes and the {@code schema},
 * {@code metadata} and {@code message_definitions} tables. Messages stream row by row in timestamp order.
 */
public final class SqliteBagReader implements StorageReader, MessageLocator {
  private record Topic(int id, TopicInfo info) {}

  private final Path file;
  private final ReadLimits limits;
  private final Connection db;
  private final int schemaVersion;
  private final Map<Integer, Topic> topicsById = new LinkedHashMap<>();
  private final List<BagFormatException> damage = new ArrayList<>();
  private List<TopicInfo> counted;
  private long[] timeRange;
  /** Whether counted comes from a scan of the whole table (else from the rows before damage). */
  private boolean tableCounted;
  /** Rows partly in the page a truncation cuts through, skipped by every cursor. */
  private Set<Long> cutRows = Set.of();

  private SqliteBagReader(Path file, ReadLimits limits, Connection db) throws BagFormatException {
    this.file = file;
    this.limits = limits;
    this.db = db;
    try {
      Set<String> tables = tables();
      for (String required : List.of("topics", "messages")) {
        if (!tables.contains(required)) {
          throw new BagFormatException(file, "table " + required, -1, "not a rosbag2 sqlite3 file: the table is "
              + "missing (tables: " + String.join(", ", tables) + ")");
        }
      }
      Set<String> topicColumns = columns("topics");
      schemaVersion = tables.contains("schema") ? storedSchemaVersion() : topicColumns.contains(
          "offered_qos_profiles") ? 2 : 1;
      Map<String, MessageDefinition> definitions = tables.contains("message_definitions") ? definitions()
          : Map.of();
      readTopics(topicColumns, definitions);
    } catch (SQLException e) {
      throw new BagFormatException(file, "sqlite3 schema", -1, "not a readable rosbag2 sqlite3 file: "
          + e.getMessage(), e);
    }
  }

  /**
   * Opens FILE read-only; throws when it is not an sqlite3 database or not a rosbag2 one. A file shorter than its
   * header says (cut off by a crash or a full disk) is damage found on open; what it still holds stays readable.
   */
  public static SqliteBagReader open(Path file, ReadLimits limits) throws IOException {
    if (!Files.isRegularFile(file)) throw new java.nio.file.NoSuchFileException(file.toString());
    SqliteHeader.Truncation truncated = SqliteHeader.truncation(file);
    Connection db;
    try {
      org.sqlite.SQLiteConfig config = new org.sqlite.SQLiteConfig();
      config.setReadOnly(true);
      db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties());
      if (truncated != null) {
        // sqlite refuses a file shorter than its header's page count unless the schema is writable; then it reads
        // the pages that are there (the connection stays read-only)
        try (Statement st = db.createStatement()) {
          st.execute("PRAGMA writable_schema = ON");
        }
      }
    } catch (SQLException e) {
      throw new BagFormatException(file, "sqlite3 database", -1, "cannot open: " + e.getMessage(), e);
    }
    try {
      SqliteBagReader r = new SqliteBagReader(file, limits, db);
      if (truncated != null) r.truncated(truncated);
      return r;
    } catch (BagFormatException | RuntimeException e) {
      if (truncated != null) e.addSuppressed(truncated.damage());
      try {
        db.close();
      } catch (SQLException ignored) {
        // the open failure is what the caller needs to see
      }
      throw e;
    }
  }

  public static SqliteBagReader open(Path file) throws IOException {
    return open(file, ReadLimits.DEFAULT);
  }

  /** Records the truncation found on open and which rows the cut page holds, so they are never yielded. */
  private void truncated(SqliteHeader.Truncation t) {
    report(t.damage());
    if (t.partialPage() == 0) return;
    cutRows = CutPage.rowsUsing(db, t.partialPage());
    if (cutRows == null) {
      cutRows = Set.of();
      report(new BagFormatException(file, "page " + t.partialPage(), t.damage().offset(), "the file ends inside "
          + "this page, whose rows cannot be told apart: messages read from it may end in zeros"));
    } else if (!cutRows.isEmpty()) {
      report(new BagFormatException(file, "messages rows " + cutRows, t.damage().offset(), "stored in part in "
          + "page " + t.partialPage() + ", which the end of the file cuts: not read"));
    }
  }

  public int schemaVersion() {
    return schemaVersion;
  }

  private Set<String> tables() throws SQLException {
    Set<String> names = new HashSet<>();
    try (Statement st = db.createStatement();
        ResultSet rs = st.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
      while (rs.next()) names.add(rs.getString(1));
    }
    return names;
  }

  private Set<String> columns(String table) throws SQLException {
    Set<String> names = new HashSet<>();
    try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("PRAGMA table_info(" + table + ")")) {
      while (rs.next()) names.add(rs.getString("name"));
    }
    return names;
  }

  private int storedSchemaVersion() throws SQLException {
    try (Statement st = db.createStatement();
        ResultSet rs = st.executeQuery("SELECT MAX(schema_version) FROM schema")) {
      return rs.next() ? rs.getInt(1) : 3;
    }
  }

  private Map<String, MessageDefinition> definitions() throws SQLException {
    Map<String, MessageDefinition> defs = new HashMap<>();
    try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(
        "SELECT topic_type, encoding, encoded_message_definition FROM message_definitions")) {
      while (rs.next()) defs.put(rs.getString(1), new MessageDefinition(rs.getString(2), rs.getString(3)));
    }
    return defs;
  }

  private void readTopics(Set<String> columns, Map<String, MessageDefinition> definitions) throws SQLException,
      BagFormatException {
    String qos = columns.contains("offered_qos_profiles") ? "offered_qos_profiles" : "''";
    String hash = columns.contains("type_description_hash") ? "type_description_hash" : "''";
    try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(
        "SELECT id, name, type, serialization_format, " + qos + ", " + hash + " FROM topics ORDER BY id")) {
      while (rs.next()) {
        String type = rs.getString(3);
        if (rs.getString(2) == null || type == null) {
          throw new BagFormatException(file, "topics row " + rs.getLong(1), -1, "name or type is NULL");
        }
        TopicInfo info = new TopicInfo(rs.getString(2), type, rs.getString(4), rs.getString(5), rs.getString(6),
            definitions.getOrDefault(type, MessageDefinition.NONE), 0);
        topicsById.put(rs.getInt(1), new Topic(rs.getInt(1), info));
      }
    }
  }

  @Override
  public Path file() {
    return file;
  }

  @Override
  public String storageId() {
    return "sqlite3";
  }

  @Override
  public List<TopicInfo> topics() throws IOException {
    if (counted == null) count();
    return counted;
  }

  @Override
  public long[] timeRange() throws IOException {
    if (timeRange == null) count();
    return timeRange.clone();
  }

  /**
   * Counts the rows per topic by scanning the messages table itself (not its timestamp index, which the cursor
   * reads through, so the two can be compared). When the table cannot be scanned to its end the damage is reported
   * and the rows that could be read are counted.
   */
  private void count() {
    Map<Integer, Long> perTopic = new HashMap<>();
    long[] range = {Long.MAX_VALUE, Long.MIN_VALUE};
    try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(
        "SELECT topic_id, COUNT(*), MIN(timestamp), MAX(timestamp) FROM messages NOT INDEXED GROUP BY topic_id")) {
      while (rs.next()) {
        perTopic.put(rs.getInt(1), rs.getLong(2));
        range[0] = Math.min(range[0], rs.getLong(3));
        range[1] = Math.max(range[1], rs.getLong(4));
      }
      tableCounted = true;
    } catch (SQLException e) {
      report(new BagFormatException(file, "table messages", -1, "cannot count messages: " + e.getMessage(), e));
      perTopic.clear();
      range[0] = Long.MAX_VALUE;
      range[1] = Long.MIN_VALUE;
      countReadableRows(perTopic, range);
    }
    List<TopicInfo> list = new ArrayList<>();
    for (Topic t : topicsById.values()) list.add(t.info().withCount(perTopic.getOrDefault(t.id(), 0L)));
    counted = list;
    timeRange = range[0] == Long.MAX_VALUE ? new long[2] : range;
  }

  /** Counts rows in table order until the first that cannot be read. */
  private void countReadableRows(Map<Integer, Long> perTopic, long[] range) {
    try (Statement st = db.createStatement();
        ResultSet rs = st.executeQuery("SELECT topic_id, timestamp FROM messages NOT INDEXED")) {
      while (rs.next()) {
        perTopic.merge(rs.getInt(1), 1L, Long::sum);
        range[0] = Math.min(range[0], rs.getLong(2));
        range[1] = Math.max(range[1], rs.getLong(2));
      }
    } catch (SQLException e) {
      // the damage is reported already; these are the rows before it
    }
  }

  /** What the messages table claims when it could be counted to its end. */
  private List<MessageCounts> claims() {
    if (counted == null) count();
    if (!tableCounted) return List.of();
    Map<String, Long> perTopic = MessageCounts.byTopic(counted);
    long total = perTopic.values().stream().mapToLong(Long::longValue).sum();
    return List.of(new MessageCounts("the messages table (counted without its index)", total, perTopic));
  }

  /** The YAML rosbag2 stored in the metadata table (schema version 3+), the latest row. */
  public Optional<String> storedMetadata() throws BagFormatException {
    try {
      if (!tables().contains("metadata")) return Optional.empty();
      try (Statement st = db.createStatement();
          ResultSet rs = st.executeQuery("SELECT metadata FROM metadata ORDER BY id DESC LIMIT 1")) {
        return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new BagFormatException(file, "table metadata", -1, e.getMessage(), e);
    }
  }

  @Override
  public MessageCursor messages(MessageFilter filter) throws IOException {
    return locatedMessages(filter);
  }

  /** Rows are read in timestamp order; damage ends the read, as {@link #locatedMessages} does. */
  @Override
  public LocatedCursor salvagingMessages(MessageFilter filter) throws IOException {
    return locatedMessages(filter);
  }

  /** The message in row LOCATION, when FILTER accepts it. */
  @Override
  public List<BagMessage> readAt(long location, MessageFilter filter) throws IOException {
    try (PreparedStatement st = db.prepareStatement("SELECT topic_id, timestamp, length(data), data FROM messages WHERE id = ?")) {
      st.setLong(1, location);
      try (ResultSet rs = st.executeQuery()) {
        if (!rs.next()) throw new BagFormatException(file, "messages row " + location, -1, "no such row");
        Topic t = topicsById.get(rs.getInt(1));
        if (t == null) throw new BagFormatException(file, "messages row " + location, -1, "topic_id " + rs.getInt(1) + " is not in table topics");
        long ts = rs.getLong(2);
        if (!filter.acceptsTopic(t.info().name()) || !filter.acceptsTime(ts)) return List.of();
        if (rs.getLong(3) > limits.maxRecordBytes()) {
          throw new BagFormatException(file, "messages row " + location, -1, "data of " + rs.getLong(3) + " bytes exceeds the limit of " + limits.maxRecordBytes());
        }
        byte[] data = rs.getBytes(4);
        if (data == null) throw new BagFormatException(file, "messages row " + location, -1, "data is NULL");
        return List.of(new BagMessage(t.info().name(), t.info().type(), ts, ts, data));
      }
    } catch (SQLException e) {
      throw new BagFormatException(file, "messages row " + location, -1, "cannot read: " + e.getMessage(), e);
    }
  }

  @Override
  public LocatedCursor locatedMessages(MessageFilter filter) throws IOException {
    // without a topic filter every row is read, so that a row naming an unknown topic is reported, not skipped
    String topicClause = "";
    if (!filter.topics().isEmpty()) {
      List<Integer> ids = new ArrayList<>();
      for (Topic t : topicsById.values()) if (filter.acceptsTopic(t.info().name())) ids.add(t.id());
      topicClause = " AND topic_id IN (" + ids.stream().map(String::valueOf).collect(Collectors.joining(",")) + ")";
    }
    String sql = "SELECT id, topic_id, timestamp, length(data), data FROM messages WHERE timestamp >= ? AND "
        + "timestamp <= ?" + topicClause + " ORDER BY timestamp, id";
    MessageCursor rows;
    PreparedStatement st = null;
    try {
      st = db.prepareStatement(sql);
      st.setLong(1, filter.startNs());
      st.setLong(2, filter.endNs());
      st.setFetchSize(256);
      rows = new RowCursor(st, st.executeQuery());
    } catch (SQLException e) {
      report(new BagFormatException(file, "table messages", -1, "cannot query messages: " + e.getMessage(), e));
      if (st != null) {
        try {
          st.close();
        } catch (SQLException ignored) {
          // the failed query is what is reported
        }
      }
      rows = new RowCursor(null, null);
    }
    return MessageCounts.compareAtEnd(rows, filter, file, this::claims, this::report);
  }

  /**
   * Streams rows; a bad row (unknown topic, oversized or NULL data, a read error) ends it with a damage report naming
   * the row, or the last row read before it. Null ROWS: a query that failed, reported already.
   */
  private final class RowCursor implements LocatedCursor {
    private final PreparedStatement statement;
    private final ResultSet rows;
    private boolean done;
    private long lastRow = -1;

    RowCursor(PreparedStatement statement, ResultSet rows) {
      this.statement = statement;
      this.rows = rows;
      this.done = rows == null;
    }

    @Override
    public BagMessage next() throws IOException {
      if (done) return null;
      long rowId = -1;
      try {
        do {
          if (!rows.next()) {
            close();
            return null;
          }
          rowId = rows.getLong(1);
        } while (cutRows.contains(rowId));
        Topic t = topicsById.get(rows.getInt(2));
        if (t == null) throw problem(rowId, "topic_id " + rows.getInt(2) + " is not in table topics");
        long size = rows.getLong(4);
        if (size > limits.maxRecordBytes()) {
          throw problem(rowId, "data of " + size + " bytes exceeds the limit of " + limits.maxRecordBytes());
        }
        byte[] data = rows.getBytes(5);
        if (data == null) throw problem(rowId, "data is NULL");
        long ts = rows.getLong(3);
        lastRow = rowId;
        return new BagMessage(t.info().name(), t.info().type(), ts, ts, data);
      } catch (BagFormatException e) {
        report(e);
      } catch (SQLException e) {
        report(problem(rowId, "cannot read: " + e.getMessage()));
      }
      close();
      return null;
    }

    /** The row id of the message returned last. */
    @Override
    public long location() {
      return lastRow;
    }

    private BagFormatException problem(long rowId, String what) {
      String where = rowId >= 0 ? "messages row " + rowId
          : lastRow >= 0 ? "table messages, after row " + lastRow + " (in timestamp order)"
          : "table messages, before the first row";
      return new BagFormatException(file, where, -1, what);
    }

    @Override
    public void close() throws IOException {
      done = true;
      if (rows == null) return;
      try {
        rows.close();
        statement.close();
      } catch (SQLException e) {
        throw new IOException(file + ": " + e.getMessage(), e);
      }
    }
  }

  @Override
  public void verify() throws IOException {
    try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
      while (rs.next()) {
        String line = rs.getString(1);
        if (!"ok".equals(line)) report(new BagFormatException(file, "sqlite3 integrity check", -1, line));
      }
    } catch (SQLException e) {
      report(new BagFormatException(file, "sqlite3 integrity check", -1, e.getMessage(), e));
    }
    try (MessageCursor c = messages(MessageFilter.ALL)) {
      while (c.next() != null) {
        // every row is read: unknown topics, NULL or oversized data are reported
      }
    }
  }

  private void report(BagFormatException e) {
    for (BagFormatException known : damage) if (known.getMessage().equals(e.getMessage())) return;
    damage.add(e);
  }

  @Override
  public List<BagFormatException> damage() {
    return List.copyOf(damage);
  }

  @Override
  public void close() throws IOException {
    try {
      db.close();
    } catch (SQLException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }
}
