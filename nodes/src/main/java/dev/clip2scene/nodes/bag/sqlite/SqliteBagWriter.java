package dev.clip2scene.nodes.bag.sqlite;

import dev.clip2scene.nodes.bag.BagMessage;
import dev.clip2scene.nodes.bag.BagMetadata;
import dev.clip2scene.nodes.bag.StorageWriter;
import dev.clip2scene.nodes.bag.TopicInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Writes a rosbag2 sqlite3 file in the current schema (version 4): tables schema, metadata, topics (with QoS and
 * type hash), message_definitions and messages with its timestamp index. Messages are inserted in batched
 * transactions.
 */
public final class SqliteBagWriter implements StorageWriter {
  static final int SCHEMA_VERSION = 4;
  private static final int BATCH = 1000;

  private final Path file;
  private final Connection db;
  private final PreparedStatement insertMessage;
  private final Map<String, Integer> topicIds = new HashMap<>();
  private final Set<String> definedTypes = new HashSet<>();
  private int pending;
  private long bytes;

  public SqliteBagWriter(Path file) throws IOException {
    this.file = file;
    if (Files.exists(file)) throw new java.nio.file.FileAlreadyExistsException(file.toString());
    try {
      db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
      try (Statement st = db.createStatement()) {
        st.execute("PRAGMA journal_mode=MEMORY");
        st.execute("PRAGMA synchronous=NORMAL");
        st.execute("CREATE TABLE schema(schema_version INTEGER PRIMARY KEY,ros_distro TEXT NOT NULL)");
        st.execute("CREATE TABLE metadata(id INTEGER PRIMARY KEY,metadata_version INTEGER NOT NULL,"
            + "metadata TEXT NOT NULL)");
        st.execute("CREATE TABLE topics(id INTEGER PRIMARY KEY,name TEXT NOT NULL,type TEXT NOT NULL,"
            + "serialization_format TEXT NOT NULL,offered_qos_profiles TEXT NOT NULL,"
            + "type_description_hash TEXT NOT NULL)");
        st.execute("CREATE TABLE message_definitions(id INTEGER PRIMARY KEY,topic_type TEXT NOT NULL,"
            + "encoding TEXT NOT NULL,encoded_message_definition TEXT NOT NULL,type_description_hash TEXT NOT NULL)");
        st.execute("CREATE TABLE messages(id INTEGER PRIMARY KEY,topic_id INTEGER NOT NULL,"
            + "timestamp INTEGER NOT NULL, data BLOB NOT NULL)");
        st.execute("CREATE INDEX timestamp_idx ON messages (timestamp ASC)");
        st.execute("INSERT INTO schema(schema_version, ros_distro) VALUES (" + SCHEMA_VERSION + ", '')");
      }
      db.setAutoCommit(false);
      insertMessage = db.prepareStatement("INSERT INTO messages(topic_id, timestamp, data) VALUES (?, ?, ?)");
    } catch (SQLException e) {
      throw new IOException(file + ": cannot create the sqlite3 bag: " + e.getMessage(), e);
    }
  }

  /** Approximate file size: the message bytes written so far. */
  @Override
  public long bytesWritten() {
    return bytes;
  }

  @Override
  public void addTopic(TopicInfo t) throws IOException {
    if (topicIds.containsKey(t.name())) return;
    try {
      try (PreparedStatement st = db.prepareStatement("INSERT INTO topics(name, type, serialization_format, "
          + "offered_qos_profiles, type_description_hash) VALUES (?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
        st.setString(1, t.name());
        st.setString(2, t.type());
        st.setString(3, t.serializationFormat());
        st.setString(4, t.offeredQosProfiles());
        st.setString(5, t.typeDescriptionHash());
        st.executeUpdate();
        try (var keys = st.getGeneratedKeys()) {
          keys.next();
          topicIds.put(t.name(), keys.getInt(1));
        }
      }
      if (definedTypes.add(t.type())) {
        try (PreparedStatement st = db.prepareStatement("INSERT INTO message_definitions(topic_type, encoding, "
            + "encoded_message_definition, type_description_hash) VALUES (?, ?, ?, ?)")) {
          st.setString(1, t.type());
          st.setString(2, t.definition().isEmpty() ? "unknown" : t.definition().encoding());
          st.setString(3, t.definition().text());
          st.setString(4, t.typeDescriptionHash());
          st.executeUpdate();
        }
      }
    } catch (SQLException e) {
      throw new IOException(file + ": cannot add topic " + t.name() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void write(BagMessage m) throws IOException {
    Integer id = topicIds.get(m.topic());
    if (id == null) throw new IllegalArgumentException("topic " + m.topic() + " was not added before its messages");
    try {
      insertMessage.setInt(1, id);
      insertMessage.setLong(2, m.logTimeNs());
      insertMessage.setBytes(3, m.data());
      insertMessage.executeUpdate();
      bytes += m.data().length + 24;
      if (++pending >= BATCH) {
        db.commit();
        pending = 0;
      }
    } catch (SQLException e) {
      throw new IOException(file + ": cannot insert a message of " + m.topic() + ": " + e.getMessage(), e);
    }
  }

  /** Stores rosbag2's metadata YAML in the metadata table, as rosbag2 does when closing a file. */
  @Override
  public void embedMetadata(String yaml) throws IOException {
    try (PreparedStatement st = db.prepareStatement("INSERT INTO metadata(metadata_version, metadata) VALUES (?, ?)")) {
      st.setInt(1, BagMetadata.WRITTEN_VERSION);
      st.setString(2, yaml);
      st.executeUpdate();
    } catch (SQLException e) {
      throw new IOException(file + ": cannot store metadata: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() throws IOException {
    try (Connection c = db; PreparedStatement p = insertMessage) {
      c.commit();
    } catch (SQLException e) {
      throw new IOException(file + ": cannot finish the sqlite3 bag: " + e.getMessage(), e);
    }
  }
}
