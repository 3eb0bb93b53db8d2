package dev.clip2scene.nodes.cli.msg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clip2scene.msgs.MessageTypes;
import dev.clip2scene.msgs.RosMessageType;
import dev.clip2scene.nodes.cli.Clip2SceneCommand;
import dev.clip2scene.testkit.NodeScript;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The `msg` verbs, run in-process exactly as bin/clip2scene runs them. */
class MsgCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Clip2SceneCommand.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  /** A two-point cloud written by the independent peer (@foxglove/rosmsg2-serialization). */
  private Path peerCloud() throws IOException {
    String cloud = """
        {"header": {"stamp": {"sec": 12, "nanosec": 34}, "frame_id": "velodyne"}, "height": 1, "width": 2,
         "fields": [{"name": "x", "offset": 0, "datatype": 7, "count": 1},
                    {"name": "y", "offset": 4, "datatype": 7, "count": 1},
                    {"name": "z", "offset": 8, "datatype": 7, "count": 1},
                    {"name": "ring", "offset": 12, "datatype": 4, "count": 1}],
         "is_bigendian": false, "point_step": 14, "row_step": 28,
         "data": [0,0,192,63, 0,0,0,192, 0,0,64,64, 7,0,  0,0,128,191, 0,0,0,0, 0,0,32,65, 8,1],
         "is_dense": true}""";
    var request = JSON.createObjectNode();
    var job = request.putArray("jobs").addObject().put("op", "encode").put("type", "sensor_msgs/msg/PointCloud2")
        .put("schema", MessageTypes.POINT_CLOUD2.schemaText());
    job.putArray("values").add(JSON.readTree(cloud));
    String answer = NodeScript.run("msgs/src/test/node/cdr-peer.cjs", JSON.writeValueAsString(request),
        Duration.ofMinutes(1));
    byte[] payload = Base64.getDecoder().decode(JSON.readTree(answer).at("/results/0/payloads/0").asText());
    Path file = dir.resolve("cloud.cdr");
    Files.write(file, payload);
    return file;
  }

  @Test
  void decodesAPointCloudThePeerWroteAsJson() throws IOException {
    Run r = run("msg", "decode", "--type", "sensor_msgs/msg/PointCloud2", peerCloud().toString(), "--json");
    assertEquals(0, r.exit(), r.err());
    JsonNode j = JSON.readTree(r.out());
    assertEquals("velodyne", j.at("/header/frame_id").asText());
    assertEquals(28, j.at("/data/length").asInt());
    assertEquals(2, j.get("point_count").asInt());
    assertEquals(1.5, j.at("/points/0/x").asDouble());
    assertEquals(-2.0, j.at("/points/0/y").asDouble());
    assertEquals(3.0, j.at("/points/0/z").asDouble());
    assertEquals(7, j.at("/points/0/ring").asInt());
    assertEquals(-1.0, j.at("/points/1/x").asDouble());
    assertEquals(10.0, j.at("/points/1/z").asDouble());
    assertEquals(264, j.at("/points/1/ring").asInt());
  }

  @Test
  void decodesToYamlByDefault() throws IOException {
    Run r = run("msg", "decode", "--type", "sensor_msgs/PointCloud2", "--points", "1", peerCloud().toString());
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("frame_id: \"velodyne\"") || r.out().contains("frame_id: velodyne"), r.out());
    assertTrue(r.out().contains("point_count: 2"), r.out());
  }

  @Test
  void decodesATypeFromASchemaFile() throws IOException {
    Path schema = Files.writeString(dir.resolve("custom.msg"), "uint32 count\nstring label\n");
    Path payload = Files.write(dir.resolve("p.cdr"), new byte[] {0, 1, 0, 0, 7, 0, 0, 0, 2, 0, 0, 0, 'a', 0});
    Run r = run("msg", "decode", "--type", "my_msgs/msg/Custom", "--schema", schema.toString(), payload.toString(),
        "--json");
    assertEquals(0, r.exit(), r.err());
    assertEquals(7, JSON.readTree(r.out()).get("count").asInt());
    assertEquals("a", JSON.readTree(r.out()).get("label").asText());
  }

  @Test
  void failuresAreOneClearLineWithTheRightExitCode() throws IOException {
    Path cloud = peerCloud();
    byte[] bytes = Files.readAllBytes(cloud);
    Path cut = Files.write(dir.resolve("cut.cdr"), Arrays.copyOf(bytes, bytes.length - 20));
    Run truncated = run("msg", "decode", "--type", "sensor_msgs/msg/PointCloud2", cut.toString());
    assertEquals(1, truncated.exit());
    assertTrue(truncated.err().contains("sensor_msgs/msg/PointCloud2: field 'data' at byte offset 136: sequence count"
        + " 28 needs at least 28 bytes, only 9 remain"), truncated.err());  // the example in README
    assertEquals(1, truncated.err().strip().lines().count(), truncated.err());

    Run absent = run("msg", "decode", "--type", "sensor_msgs/msg/Image", dir.resolve("nope.cdr").toString());
    assertEquals(1, absent.exit());
    assertTrue(absent.err().contains("nope.cdr does not exist"), absent.err());

    Run unknown = run("msg", "decode", "--type", "sensor_msgs/msg/LaserScan", cloud.toString());
    assertEquals(2, unknown.exit());
    assertTrue(unknown.err().contains("unknown message type 'sensor_msgs/msg/LaserScan'"), unknown.err());

    assertEquals(2, run("msg").exit());
    assertEquals(2, run("msg", "decode", cloud.toString()).exit());
  }

  @Test
  void listAndShowLikeRos2Interface() throws IOException {
    Run list = run("msg", "list");
    assertEquals(0, list.exit());
    for (RosMessageType<?> t : MessageTypes.all()) assertTrue(list.out().lines().anyMatch(t.name()::equals), t.name());
    JsonNode listJson = JSON.readTree(run("msg", "list", "--json").out());
    assertEquals(MessageTypes.all().size(), listJson.size());
    assertEquals("sensor_msgs::msg::dds_::PointCloud2_", listJson.findValues("dds_type").stream()
        .map(JsonNode::asText).filter(s -> s.contains("PointCloud2")).findFirst().orElseThrow());

    Run show = run("msg", "show", "tf2_msgs/TFMessage");
    assertEquals(0, show.exit());
    assertEquals(MessageTypes.TF_MESSAGE.schemaText(), show.out());
    assertEquals(2, run("msg", "show", "nav_msgs/Odometry").exit());
    assertEquals(0, run("msg", "--help").exit());
  }

  @Test
  void benchReportsBothRatesAsJson() throws IOException {
    Run r = run("msg", "bench", "--cloud-bytes", "16384", "--rounds", "2", "--iterations", "3", "--json");
    assertEquals(0, r.exit(), r.err());
    JsonNode j = JSON.readTree(r.out());
    assertEquals(1024, j.get("points").asInt());
    assertTrue(j.get("arraycopy_gb_per_s").asDouble() > 0 && j.get("decode_xyz_gb_per_s").asDouble() > 0);
    assertEquals(j.get("decode_xyz_gb_per_s").asDouble() / j.get("arraycopy_gb_per_s").asDouble(),
        j.get("xyz_ratio").asDouble(), 1e-9);
    assertEquals(j.get("decode_xyzi_gb_per_s").asDouble() / j.get("arraycopy_gb_per_s").asDouble(),
        j.get("xyzi_ratio").asDouble(), 1e-9);
    assertEquals(2, run("msg", "bench", "--rounds", "0").exit());
  }
}
