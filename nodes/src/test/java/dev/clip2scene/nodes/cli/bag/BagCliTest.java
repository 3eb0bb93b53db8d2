package dev.clip2scene.nodes.cli.bag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clip2scene.nodes.bag.BagInfo;
import dev.clip2scene.nodes.bag.BagReader;
import dev.clip2scene.nodes.cli.Clip2SceneCommand;
import dev.clip2scene.testkit.Fixtures;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bag verbs, run in-process as a user would type them. */
class BagCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path tmp;

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cli = Clip2SceneCommand.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  private static Path rosbagsPy() {
    return Fixtures.sharedData("bags/rosbags-py/test_bag_mcap");
  }

  @Test
  void infoJson() throws Exception {
    Run r = run("bag", "info", Fixtures.sharedData("bags/ros2-rosbag2/cdr_test_mcap").toString(), "--json");
    assertEquals(0, r.code(), r.err());
    JsonNode j = JSON.readTree(r.out());
    assertEquals("mcap", j.path("storage").asText());
    assertEquals(7, j.path("message_count").asLong());
    assertEquals(1586406456763032325L, j.path("start_ns").asLong());
    assertEquals(1586406456763032325L + 151137181L, j.path("end_ns").asLong());
    JsonNode t = j.path("topics").get(0);
    assertEquals("/test_topic", t.path("name").asText());
    assertEquals("test_msgs/msg/BasicTypes", t.path("type").asText());
    assertEquals(3, t.path("count").asLong());
    assertEquals("cdr", t.path("serialization_format").asText());
    Run verified = run("bag", "info", rosbagsPy().toString(), "--verify", "--json");
    assertEquals(0, verified.code(), verified.err());
    assertEquals(0, JSON.readTree(verified.out()).path("damage").size());
  }

  @Test
  void infoText() {
    Run r = run("bag", "info", Fixtures.sharedData("bags/ros2-rosbag2/cdr_test_sqlite3").toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("Storage id:        sqlite3") && r.out().contains("Messages:          7")
        && r.out().contains("Topic: /array_topic | Type: test_msgs/msg/Arrays | Count: 4"), r.out());
  }

  @Test
  void catPrintsDecodedJsonLines() throws Exception {
    Run r = run("bag", "cat", rosbagsPy().toString(), "--topic", "/test/sensor_msgs/point_cloud2", "--json");
    assertEquals(0, r.code(), r.err());
    String[] lines = r.out().strip().split("\n");
    assertEquals(2, lines.length);
    JsonNode first = JSON.readTree(lines[0]);
    assertEquals("sensor_msgs/msg/PointCloud2", first.path("type").asText());
    assertEquals("test_frame", first.path("message").path("header").path("frame_id").asText());
    assertEquals(3, first.path("message").path("width").asInt());
    assertEquals("x", first.path("message").path("fields").get(0).path("name").asText());
    Run one = run("bag", "cat", rosbagsPy().toString(), "--topic", "/test/tf2_msgs/tf_message", "--limit", "1",
        "--json");
    assertEquals(0, one.code(), one.err());
    assertEquals(1, one.out().strip().split("\n").length);
  }

  /** A type msgs does not ship decodes through the definition stored in the bag. */
  @Test
  void catDecodesThroughTheBagsOwnSchema() throws Exception {
    Run r = run("bag", "cat", Fixtures.sharedData("bags/ros2-rosbag2/cdr_test_mcap").toString(), "--topic",
        "/test_topic", "--json");
    assertEquals(0, r.code(), r.err());
    String[] lines = r.out().strip().split("\n");
    assertEquals(3, lines.length);
    JsonNode m = JSON.readTree(lines[0]).path("message");
    assertTrue(m.has("bool_value") && m.has("float64_value") && m.has("uint64_value"), m.toString());
    Run yaml = run("bag", "cat", Fixtures.sharedData("bags/ros2-rosbag2/cdr_test_mcap").toString(), "--topic",
        "/test_topic", "--limit", "1");
    assertTrue(yaml.out().startsWith("---") && yaml.out().contains("topic: \"/test_topic\""), yaml.out());
  }

  @Test
  void catReportsTheTruncatedImage() {
    Run r = run("bag", "cat", rosbagsPy().toString(), "--topic", "/test/sensor_msgs/image", "--json");
    assertEquals(1, r.code());
    assertTrue(r.err().contains("truncated image") && r.err().contains("/test/sensor_msgs/image"), r.err());
    Run unknown = run("bag", "cat", rosbagsPy().toString(), "--topic", "/nope");
    assertEquals(1, unknown.code());
    assertTrue(unknown.err().contains("/nope is not in"), unknown.err());
  }

  @Test
  void convertBetweenStoragesAndCompressions() throws Exception {
    Path db3 = tmp.resolve("as-sqlite");
    Run r = run("bag", "convert", rosbagsPy().toString(), db3.toString(), "--storage", "sqlite3");
    assertEquals(0, r.code(), r.err());
    Path lz4 = tmp.resolve("as-lz4");
    assertEquals(0, run("bag", "convert", db3.toString(), lz4.toString(), "--compression", "lz4").code());
    try (BagReader a = BagReader.open(rosbagsPy()); BagReader b = BagReader.open(db3);
        BagReader c = BagReader.open(lz4)) {
      BagInfo ia = a.info();
      assertEquals(188, ia.messageCount());
      assertEquals(ia.messageCount(), b.info().messageCount());
      assertEquals(ia.messageCount(), c.info().messageCount());
      assertEquals(ia.topics().size(), c.info().topics().size());
      assertEquals("sqlite3", b.info().storage());
      // definitions travel with the topics
      assertEquals(ia.topics().get(0).definition(), c.info().topics().get(0).definition());
    }
  }

  @Test
  void filterByTopicsAndTime() throws Exception {
    Path out = tmp.resolve("filtered");
    Run r = run("bag", "filter", rosbagsPy().toString(), out.toString(), "--topics",
        "/test/sensor_msgs/point_cloud2,/test/tf2_msgs/tf_message", "--start", "1749315330303302144", "--end",
        "1749315339.8");
    assertEquals(0, r.code(), r.err());
    try (BagReader b = BagReader.open(out)) {
      assertEquals("mcap", b.info().storage());
      assertEquals(3, b.info().messageCount(), b.info().toString()); // 2 clouds and the first tf in the window
    }
  }

  @Test
  void damagedBagPrintsWhatItCanThenFails() throws Exception {
    Path src = Fixtures.sharedData("bags/rosbags-py/test_bag_mcap/test_bag_mcap.mcap");
    byte[] bytes = Files.readAllBytes(src);
    Path cut = tmp.resolve("cut.mcap");
    Files.write(cut, Arrays.copyOf(bytes, 60_000)); // inside its single, uncompressed chunk
    Run r = run("bag", "info", cut.toString(), "--json");
    assertEquals(1, r.code());
    assertTrue(r.err().contains("damaged:") && r.err().contains("cut.mcap"), r.err());
    long recovered = JSON.readTree(r.out()).path("message_count").asLong();
    assertTrue(recovered > 0 && recovered < 188, "complete messages of the cut (uncompressed) chunk: " + recovered);
  }

  /** Issue 14 item 7: a bag written into a file or an impossible path says what and where, not only the path. */
  @Test
  void convertIntoAFileOrAnImpossiblePathSaysWhy() throws Exception {
    Path file = Files.writeString(tmp.resolve("a-file"), "not a bag folder");
    Run onFile = run("bag", "convert", rosbagsPy().toString(), file.toString());
    assertEquals(1, onFile.code());
    assertEquals("convert: error: " + file + ": exists and is a file; a bag is written as a new folder",
        onFile.err().strip());
    Run under = run("bag", "convert", rosbagsPy().toString(), file.resolve("sub").toString());
    assertEquals(1, under.code());
    assertTrue(under.err().strip().startsWith("convert: error: cannot create bag folder: " + file.resolve("sub")
        + ": "), under.err());
    assertTrue(under.err().strip().length() > ("convert: error: cannot create bag folder: " + file.resolve("sub")
        + ": ").length(), "a reason follows the path: " + under.err());
    Run missing = run("bag", "info", tmp.resolve("absent").resolve("deeper").toString());
    assertTrue(missing.err().contains("no such bag folder or file"), missing.err());
  }

  @Test
  void badUsageExitsTwo() {
    assertEquals(2, run("bag", "convert", "only-one-path").code());
    assertEquals(2, run("bag", "convert", rosbagsPy().toString(), tmp.resolve("x").toString(), "--compression",
        "brotli").code());
    assertEquals(2, run("bag", "filter", rosbagsPy().toString(), tmp.resolve("y").toString(), "--start",
        "soon").code());
    Run missing = run("bag", "info", tmp.resolve("absent").toString());
    assertEquals(1, missing.code());
    assertTrue(missing.err().contains("absent"), missing.err());
  }
}
