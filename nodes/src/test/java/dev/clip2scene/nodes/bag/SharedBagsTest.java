package dev.clip2scene.nodes.bag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clip2scene.nodes.bag.mcap.McapFileReader;
import dev.clip2scene.nodes.bag.sqlite.SqliteBagReader;
import dev.clip2scene.testkit.Fixtures;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every bag in ../shared/data/bags reads completely, in time order, with the counts its metadata states. */
class SharedBagsTest {

  @ParameterizedTest
  @ValueSource(strings = {"ros2-rosbag2/cdr_test_mcap", "ros2-rosbag2/cdr_test_sqlite3",
      "ros2-rosbag2/bag_with_topics_and_service_events", "rosbags-py/test_bag_mcap"})
  void folderWithMetadataYaml(String bag) throws IOException {
    Path dir = Fixtures.sharedData("bags/" + bag);
    try (BagReader reader = BagReader.open(dir)) {
      BagMetadata md = reader.metadata().orElseThrow();
      assertMatches(md, reader, true);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"ros2-rosbag2/topics_and_services/topics_and_services.mcap",
      "ros2-rosbag2/topics_and_services/topics_and_services.db3"})
  void singleFileWithEmbeddedMetadata(String file) throws IOException {
    Path f = Fixtures.sharedData("bags/" + file);
    try (BagReader reader = BagReader.open(f)) {
      StorageReader s = reader.storages().get(0);
      String yaml = s instanceof McapFileReader m ? m.rosbag2Metadata().orElseThrow()
          : ((SqliteBagReader) s).storedMetadata().orElseThrow();
      assertMatches(BagMetadata.parseEmbedded(f, yaml), reader, false);
    }
  }

  /** talker.mcap has no metadata.yaml and no rosbag2 record: its own Statistics record is the metadata. */
  @ParameterizedTest
  @ValueSource(strings = {"ros2-rosbag2/talker/talker.mcap"})
  void singleFileWithStatisticsOnly(String file) throws IOException {
    try (BagReader reader = BagReader.open(Fixtures.sharedData("bags/" + file))) {
      BagInfo info = reader.info();
      assertTrue(((McapFileReader) reader.storages().get(0)).indexed());
      Map<String, Long> expected = new TreeMap<>();
      info.topics().forEach(t -> expected.put(t.name(), t.messageCount()));
      expected.values().removeIf(n -> n == 0);
      assertEquals(expected, readAll(reader));
      assertEquals(20, info.messageCount());
    }
  }

  private static void assertMatches(BagMetadata md, BagReader reader, boolean checkTimes) throws IOException {
    Map<String, Long> expected = new TreeMap<>();
    for (TopicInfo t : md.topics()) if (t.messageCount() > 0) expected.put(t.name(), t.messageCount());
    assertEquals(expected, readAll(reader));
    BagInfo info = reader.info();
    assertEquals(md.messageCount(), info.messageCount());
    for (TopicInfo t : info.topics()) {
      assertEquals(expected.getOrDefault(t.name(), 0L), t.messageCount(), t.name());
    }
    if (checkTimes) {
      assertEquals(md.startNs(), info.startNs());
      assertEquals(md.durationNs(), info.durationNs());
    }
    assertEquals(java.util.List.of(), reader.damage());
  }

  /** Reads every message, checking log-time order and CDR headers; returns counts per topic. */
  static Map<String, Long> readAll(BagReader reader) throws IOException {
    Map<String, Long> counts = new TreeMap<>();
    long last = Long.MIN_VALUE;
    try (MessageCursor c = reader.messages()) {
      for (BagMessage m = c.next(); m != null; m = c.next()) {
        assertTrue(m.logTimeNs() >= last, "time order at " + m.topic());
        last = m.logTimeNs();
        assertTrue(m.data().length >= 4 && m.data()[0] == 0 && m.data()[1] == 1, "CDR little-endian header");
        counts.merge(m.topic(), 1L, Long::sum);
      }
    }
    return counts;
  }
}
