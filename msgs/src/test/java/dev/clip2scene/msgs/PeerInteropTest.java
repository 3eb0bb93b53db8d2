package dev.clip2scene.msgs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clip2scene.msgs.pointcloud.PointCloud2View;
import dev.clip2scene.testkit.Fixtures;
import dev.clip2scene.testkit.NodeScript;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Interop both ways with an independent implementation (@foxglove/rosmsg + @foxglove/rosmsg2-serialization, run by
 * msgs/src/test/node/cdr-peer.cjs): the peer writes random values of every type and we decode the same values;
 * we write and the peer decodes the same values; identical values give identical bytes either way.
 */
class PeerInteropTest {
  static final String PEER = "msgs/src/test/node/cdr-peer.cjs";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int COUNT = 25;
  private static final List<RosMessageType<?>> TYPES = RandomMessages.everyType();
  private static final List<List<byte[]>> OURS_LE = new ArrayList<>();
  private static final List<List<Object>> OUR_VALUES = new ArrayList<>();
  /** Per type: the peer's answer to a write job, then to a read job. */
  private static JsonNode results;

  @BeforeAll
  static void askThePeer() throws IOException {
    ArrayNode jobs = JSON.createArrayNode();
    RandomMessages random = new RandomMessages(99);
    for (int t = 0; t < TYPES.size(); t++) {
      RosMessageType<?> type = TYPES.get(t);
      jobs.addObject().put("op", "write").put("type", type.name()).put("schema", type.schemaText())
          .put("seed", 1000 + t).put("count", COUNT);
      List<Object> values = new ArrayList<>();
      List<byte[]> le = new ArrayList<>();
      ArrayNode payloads = JSON.createArrayNode();
      for (int i = 0; i < COUNT; i++) {
        Object v = random.next(type);
        values.add(v);
        le.add(encode(type, v, ByteOrder.LITTLE_ENDIAN));
        payloads.add(le.get(i));
        payloads.add(encode(type, v, ByteOrder.BIG_ENDIAN));
      }
      OUR_VALUES.add(values);
      OURS_LE.add(le);
      jobs.addObject().put("op", "read").put("type", type.name()).put("schema", type.schemaText())
          .set("payloads", payloads);
    }
    results = ask(jobs);
  }

  static JsonNode ask(ArrayNode jobs) throws IOException {
    ObjectNode request = JSON.createObjectNode();
    request.set("jobs", jobs);
    String answer = NodeScript.run(PEER, JSON.writeValueAsString(request), Duration.ofMinutes(2));
    return JSON.readTree(answer).get("results");
  }

  @SuppressWarnings("unchecked")
  private static <T> byte[] encode(RosMessageType<T> type, Object value, ByteOrder order) {
    return type.encode((T) value, order);
  }

  private static byte[] bytes(JsonNode base64) {
    return Base64.getDecoder().decode(base64.asText());
  }

  private static void assertSameValues(JsonNode expected, JsonNode actual, String what) {
    assertTrue(expected.equals(RecordJson.BY_VALUE, actual), what + "\n expected " + expected + "\n actual   " + actual);
  }

  @Test
  void weDecodeWhatThePeerWroteAndReEncodeItToTheSameBytes() {
    for (int t = 0; t < TYPES.size(); t++) {
      RosMessageType<?> type = TYPES.get(t);
      JsonNode job = results.get(2 * t);
      for (int i = 0; i < COUNT; i++) {
        byte[] theirs = bytes(job.get("payloads").get(i));
        Object decoded = type.decode(theirs);
        assertSameValues(job.get("values").get(i), RecordJson.of(type, decoded), type + " #" + i);
        assertArrayEquals(theirs, encode(type, decoded, ByteOrder.LITTLE_ENDIAN), type + " #" + i + " bytes");
      }
    }
  }

  @Test
  void thePeerDecodesWhatWeWroteInBothByteOrdersAndWritesTheSameBytes() {
    for (int t = 0; t < TYPES.size(); t++) {
      RosMessageType<?> type = TYPES.get(t);
      JsonNode job = results.get(2 * t + 1);
      for (int i = 0; i < COUNT; i++) {
        JsonNode ours = RecordJson.of(type, OUR_VALUES.get(t).get(i));
        assertSameValues(ours, job.get("values").get(2 * i), type + " #" + i + " LE");
        assertSameValues(ours, job.get("values").get(2 * i + 1), type + " #" + i + " BE");
        assertArrayEquals(OURS_LE.get(t).get(i), bytes(job.get("rewritten").get(2 * i)), type + " #" + i + " bytes");
      }
    }
  }

  @Test
  void thePeerWritingFromTheRosbag2SchemaTextsGivesBytesWeDecode() throws IOException {
    String[] names = {"sensor_msgs/PointCloud2", "sensor_msgs/Image", "sensor_msgs/CompressedImage",
        "sensor_msgs/CameraInfo", "tf2_msgs/TFMessage"};
    ArrayNode jobs = JSON.createArrayNode();
    for (String n : names) {
      String original = Files.readString(Fixtures.sharedData("ros2msg/" + n.replace('/', '_') + ".ros2msg"));
      jobs.addObject().put("op", "write").put("type", n).put("schema", original).put("seed", n.hashCode())
          .put("count", COUNT);
    }
    JsonNode answers = ask(jobs);
    for (int k = 0; k < names.length; k++) {
      RosMessageType<?> type = MessageTypes.find(names[k]).orElseThrow();
      for (int i = 0; i < COUNT; i++) {
        byte[] theirs = bytes(answers.get(k).get("payloads").get(i));
        assertSameValues(answers.get(k).get("values").get(i), RecordJson.of(type, type.decode(theirs)), names[k]);
      }
    }
  }

  @Test
  void aCloudThePeerWroteReadsThroughTheZeroCopyView() throws IOException {
    float[] xyz = {1.5f, -2.25f, 3f, 100f, 0.125f, -7f, 0f, 0f, 1e-3f};
    ObjectNode cloud = peerCloud(xyz);
    ArrayNode jobs = JSON.createArrayNode();
    ObjectNode job = jobs.addObject().put("op", "encode").put("type", "sensor_msgs/msg/PointCloud2")
        .put("schema", MessageTypes.POINT_CLOUD2.schemaText());
    job.putArray("values").add(cloud);
    byte[] payload = bytes(ask(jobs).get(0).get("payloads").get(0));
    PointCloud2View view = PointCloud2View.decode(payload);
    assertArrayEquals(xyz, view.xyz());
    assertEquals(3, view.size());
    assertEquals(7f, view.intensity().orElseThrow().getFloat(2));
  }

  /** A cloud as peer JSON values: float32 x, y, z, intensity per point, little endian. */
  static ObjectNode peerCloud(float[] xyz) {
    int n = xyz.length / 3;
    ByteBuffer data = ByteBuffer.allocate(n * 16).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < n; i++) data.putFloat(xyz[3 * i]).putFloat(xyz[3 * i + 1]).putFloat(xyz[3 * i + 2]).putFloat(5 + i);
    ObjectNode c = JSON.createObjectNode();
    c.putObject("header").put("frame_id", "lidar").putObject("stamp").put("sec", 12).put("nanosec", 34);
    c.put("height", 1).put("width", n);
    ArrayNode fields = c.putArray("fields");
    String[] names = {"x", "y", "z", "intensity"};
    for (int i = 0; i < 4; i++) fields.addObject().put("name", names[i]).put("offset", 4 * i).put("datatype", 7).put("count", 1);
    c.put("is_bigendian", false).put("point_step", 16).put("row_step", 16 * n);
    ArrayNode bytes = c.putArray("data");
    for (byte b : data.array()) bytes.add(b & 0xff);
    c.put("is_dense", true);
    return c;
  }
}
