package dev.clip2scene.nodes.bag;

import static dev.clip2scene.nodes.bag.BagMessages.assertSame;
import static dev.clip2scene.nodes.bag.BagMessages.readAll;
import static dev.clip2scene.nodes.bag.BagMessages.timeOrdered;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clip2scene.nodes.bag.mcap.ChunkCodec;
import dev.clip2scene.nodes.bag.mcap.McapFileReader;
import dev.clip2scene.testkit.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Interop both ways with an independent MCAP implementation (@mcap/core, Node) and with Python's sqlite3 module.
 * The messages are real ROS 2 CDR (std_msgs/String, sensor_msgs/PointCloud2, tf2_msgs/TFMessage) serialized by
 * @foxglove/rosmsg2-serialization.
 */
class McapInteropTest {
  @TempDir static Path peerDir;
  static List<BagMessage> peerMessages;

  @BeforeAll
  static void writeWithPeer() throws Exception {
    Fixtures.executable("lz4"); // the peer compresses its lz4 chunks with the lz4 tool (Debian package lz4)
    Peers.node("mcap-peer-write.cjs", Map.of("out", peerDir.toString(), "ros2msg",
        Fixtures.sharedData("ros2msg").toString()));
    peerMessages = Peers.messages(Peers.JSON.readTree(peerDir.resolve("expected.json").toFile()));
  }

  @ParameterizedTest
  @EnumSource(ChunkCodec.class)
  void mcapWrittenByPeerReadsIdentically(ChunkCodec codec) throws IOException {
    Path file = peerDir.resolve("peer-" + codec.name().toLowerCase() + ".mcap");
    try (BagReader r = BagReader.open(file)) {
      assertTrue(((McapFileReader) r.storages().get(0)).indexed());
      assertSame(timeOrdered(peerMessages), readAll(r, MessageFilter.ALL), true);
      assertEquals(List.of(), r.damage());
      assertEquals(120, r.info().messageCount());
      for (TopicInfo t : r.info().topics()) {
        assertEquals(new MessageDefinition("ros2msg", definitionOf(t.type())), t.definition());
        assertEquals(40, t.messageCount());
      }
    }
    // and by a linear scan of the same bytes without their summary
    byte[] bytes = Files.readAllBytes(file);
    Path cut = peerDir.resolve("cut-" + codec + ".mcap");
    Files.write(cut, java.util.Arrays.copyOf(bytes, RoundTripTest.dataEndEnd(bytes)));
    try (BagReader r = BagReader.open(cut)) {
      assertSame(timeOrdered(peerMessages), readAll(r, MessageFilter.ALL), true);
    }
  }

  @ParameterizedTest
  @EnumSource(ChunkCodec.class)
  void mcapWeWriteReadsIdenticallyWithPeer(ChunkCodec codec, @TempDir Path tmp) throws Exception {
    Path bag = tmp.resolve("ours");
    writeOurs(bag, WriterOptions.MCAP.withCompression(codec).withChunkSize(4096));
    JsonNode peer = Peers.JSON.readTree(Peers.node("mcap-peer-read.cjs", Map.of("file",
        bag.resolve("ours_0.mcap").toString())));
    assertSame(timeOrdered(peerMessages), Peers.messages(peer.path("messages")), true);
    assertEquals(peer.path("dataSectionCrc").path("stored"), peer.path("dataSectionCrc").path("computed"));
    assertEquals("120", peer.path("statistics").path("messageCount").asText());
    assertEquals(3, peer.path("statistics").path("channelCount").asInt());
    assertEquals(List.of(codec.wireName()), texts(peer.path("chunkCompressions")));
    assertEquals(List.of("rosbag2"), texts(peer.path("metadataNames")));
    for (JsonNode s : peer.path("schemas")) {
      assertEquals("ros2msg", s.path("encoding").asText());
      assertEquals(definitionOf(s.path("name").asText()), s.path("text").asText());
    }
    for (JsonNode c : peer.path("channels")) {
      assertEquals("cdr", c.path("messageEncoding").asText());
      assertTrue(c.path("metadata").has("offered_qos_profiles") && c.path("metadata").has("topic_type_hash"));
    }
  }

  @Test
  void db3WeWriteOpensWithPythonSqlite3(@TempDir Path tmp) throws Exception {
    Path bag = tmp.resolve("ours");
    writeOurs(bag, WriterOptions.SQLITE3);
    JsonNode py = Peers.JSON.readTree(Peers.python("db3_dump.py", bag.resolve("ours_0.db3").toString()));
    assertEquals(4, py.path("schema").get(0).get(0).asInt());
    assertEquals(List.of("/chatter", "/points", "/tf"), texts(py.path("topics").findValues("name")));
    assertEquals(definitionOf("sensor_msgs/msg/PointCloud2"),
        py.path("definitions").path("sensor_msgs/msg/PointCloud2").path("text").asText());
    assertEquals(List.of("9"), texts(py.path("metadata_versions")));
    List<BagMessage> expected = timeOrdered(peerMessages);
    JsonNode rows = py.path("messages");
    assertEquals(expected.size(), rows.size());
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.get(i).topic(), rows.get(i).path("topic").asText());
      assertEquals(expected.get(i).logTimeNs(), rows.get(i).path("timestamp").asLong());
      assertEquals(Base64.getEncoder().encodeToString(expected.get(i).data()), rows.get(i).path("data").asText());
    }
  }

  private static void writeOurs(Path bag, WriterOptions options) throws IOException {
    Map<String, TopicInfo> topics = new LinkedHashMap<>();
    for (BagMessage m : peerMessages) {
      topics.putIfAbsent(m.topic(), new TopicInfo(m.topic(), m.type(), "cdr", "", "",
          new MessageDefinition("ros2msg", definitionOf(m.type())), 0));
    }
    try (BagWriter w = BagWriter.create(bag, options)) {
      for (TopicInfo t : topics.values()) w.addTopic(t);
      for (BagMessage m : peerMessages) w.write(m);
    }
  }

  private static String definitionOf(String type) {
    try {
      if (type.equals("std_msgs/msg/String")) return "string data\n";
      return Files.readString(Fixtures.sharedData("ros2msg/" + type.replace("/msg/", "_") + ".ros2msg"));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static List<String> texts(Iterable<JsonNode> nodes) {
    List<String> list = new ArrayList<>();
    nodes.forEach(n -> list.add(n.asText()));
    return list;
  }
}
