package dev.clip2scene.nodes.bag;

import static dev.clip2scene.nodes.bag.BagMessages.assertSame;
import static dev.clip2scene.nodes.bag.BagMessages.readAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clip2scene.nodes.bag.sqlite.SqliteBagReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Older rosbag2 layouts: sqlite3 schema versions 1 to 3 (fewer columns and tables), metadata.yaml 4 to 8. */
class LegacyFormatsTest {
  @TempDir Path tmp;

  private static final String V1_TOPICS = "CREATE TABLE topics(id INTEGER PRIMARY KEY, name TEXT NOT NULL, "
      + "type TEXT NOT NULL, serialization_format TEXT NOT NULL)";
  private static final String V2_TOPICS = "CREATE TABLE topics(id INTEGER PRIMARY KEY, name TEXT NOT NULL, "
      + "type TEXT NOT NULL, serialization_format TEXT NOT NULL, offered_qos_profiles TEXT NOT NULL)";

  private Path oldDb3(String topicsDdl, List<BagMessage> ms) throws Exception {
    Path db = tmp.resolve("old.db3");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
      st.execute(topicsDdl);
      st.execute("CREATE TABLE messages(id INTEGER PRIMARY KEY, topic_id INTEGER NOT NULL, "
          + "timestamp INTEGER NOT NULL, data BLOB NOT NULL)");
      boolean qos = topicsDdl.contains("offered_qos_profiles");
      st.execute("INSERT INTO topics VALUES (1, '/chatter', 'std_msgs/msg/String', 'cdr'" + (qos ? ", ''" : "") + ")");
      st.execute("INSERT INTO topics VALUES (2, '/counter', 'std_msgs/msg/UInt32', 'cdr'" + (qos ? ", ''" : "") + ")");
      try (PreparedStatement ins = c.prepareStatement("INSERT INTO messages(topic_id, timestamp, data) "
          + "VALUES (?, ?, ?)")) {
        for (BagMessage m : ms) {
          ins.setInt(1, m.topic().equals("/chatter") ? 1 : 2);
          ins.setLong(2, m.logTimeNs());
          ins.setBytes(3, m.data());
          ins.executeUpdate();
        }
      }
    }
    return db;
  }

  /** 1: Dashing/Eloquent; 2: Foxy adds QoS; 3: Humble adds the schema and metadata tables (no type hashes). */
  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3})
  void sqliteSchemaVersionsBeforeTypeHashes(int version) throws Exception {
    List<BagMessage> ms = BagMessages.synthetic(60, 7);
    Path db = oldDb3(version == 1 ? V1_TOPICS : V2_TOPICS, ms);
    if (version == 3) {
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
        st.execute("CREATE TABLE schema(schema_version INTEGER PRIMARY KEY, ros_distro TEXT NOT NULL)");
        st.execute("INSERT INTO schema VALUES (3, 'humble')");
        st.execute("CREATE TABLE metadata(id INTEGER PRIMARY KEY, metadata_version INTEGER NOT NULL, "
            + "metadata TEXT NOT NULL)");
      }
    }
    try (BagReader r = BagReader.open(db)) {
      assertEquals(version, ((SqliteBagReader) r.storages().get(0)).schemaVersion());
      assertSame(BagMessages.timeOrdered(ms), readAll(r, MessageFilter.ALL), false);
      assertEquals(30, r.info().topics().get(0).messageCount());
      assertTrue(r.info().topics().get(0).definition().isEmpty());
    }
  }

  /** A folder whose metadata.yaml is written in each older version's shape reads the same. */
  @ParameterizedTest
  @ValueSource(ints = {4, 5, 6, 7, 8})
  void metadataYamlVersions(int version) throws Exception {
    List<BagMessage> ms = BagMessages.synthetic(40, 8);
    Path bag = tmp.resolve("v" + version);
    BagMessages.writeBag(bag, WriterOptions.SQLITE3, ms);
    // version 4 bags (Eloquent) listed files with the folder name in front
    String listed = (version == 4 ? "v4/" : "") + "v" + version + "_0.db3";
    Files.writeString(bag.resolve("metadata.yaml"), oldYaml(version, listed));
    try (BagReader r = BagReader.open(bag)) {
      BagMetadata md = r.metadata().orElseThrow();
      assertEquals(version, md.version());
      assertEquals(40, md.messageCount());
      assertEquals("- history: 3\n  depth: 0", md.topics().get(0).offeredQosProfiles());
      assertEquals(version >= 5 ? 1 : 0, md.files().size());
      assertSame(BagMessages.timeOrdered(ms), readAll(r, MessageFilter.ALL), false);
    }
    Files.writeString(bag.resolve("metadata.yaml"), oldYaml(3, "x.db3"));
    BagFormatException e = assertThrows(BagFormatException.class, () -> BagReader.open(bag));
    assertTrue(e.getMessage().contains("metadata version 3 is not supported"), e.getMessage());
  }

  private static String oldYaml(int version, String file) {
    String topic = """
            - topic_metadata:
                name: %s
                type: %s
                serialization_format: cdr
                offered_qos_profiles: "- history: 3\\n  depth: 0"%s
              message_count: 20
        """;
    String hash = version >= 7 ? "\n        type_description_hash: \"\"" : "";
    return "rosbag2_bagfile_information:\n  version: " + version + "\n  storage_identifier: sqlite3\n"
        + "  duration:\n    nanoseconds: 1\n  starting_time:\n    nanoseconds_since_epoch: 2\n"
        + "  message_count: 40\n  topics_with_message_count:\n"
        + topic.formatted("/chatter", "std_msgs/msg/String", hash)
        + topic.formatted("/counter", "std_msgs/msg/UInt32", hash)
        + "  compression_format: \"\"\n  compression_mode: \"\"\n  relative_file_paths:\n    - " + file + "\n"
        + (version >= 5 ? "  files:\n    - path: " + file + "\n      starting_time:\n"
            + "        nanoseconds_since_epoch: 2\n      duration:\n        nanoseconds: 1\n"
            + "      message_count: 40\n" : "")
        + (version >= 8 ? "  ros_distro: humble\n" : "");
  }
}
