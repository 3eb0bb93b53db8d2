package dev.clip2scene.nodes.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clip2scene.msgs.MessageTypes;
import dev.clip2scene.msgs.RosMessageType;
import dev.clip2scene.msgs.builtin.Time;
import dev.clip2scene.msgs.cdr.CdrException;
import dev.clip2scene.msgs.cdr.CdrWriter;
import dev.clip2scene.msgs.clip2scene.LabelClass;
import dev.clip2scene.msgs.clip2scene.LabelMap;
import dev.clip2scene.msgs.clip2scene.VocabularyUpdate;
import dev.clip2scene.msgs.diagnostic.DiagnosticArray;
import dev.clip2scene.msgs.diagnostic.DiagnosticStatus;
import dev.clip2scene.msgs.diagnostic.KeyValue;
import dev.clip2scene.msgs.geometry.Quaternion;
import dev.clip2scene.msgs.geometry.Transform;
import dev.clip2scene.msgs.geometry.TransformStamped;
import dev.clip2scene.msgs.geometry.Vector3;
import dev.clip2scene.msgs.pointcloud.SemanticCloudBuilder;
import dev.clip2scene.msgs.sensor.CameraInfo;
import dev.clip2scene.msgs.sensor.Image;
import dev.clip2scene.msgs.sensor.PointCloud2;
import dev.clip2scene.msgs.sensor.PointField;
import dev.clip2scene.msgs.sensor.RegionOfInterest;
import dev.clip2scene.msgs.std.Header;
import dev.clip2scene.msgs.tf2.TFMessage;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MessageJsonTest {
  private static final Header HEADER = new Header(new Time(1700000000, 5), "lidar");
  private final MessageJson json = new MessageJson();

  @Test
  void pointCloudShowsItsFirstPointsPerFieldAndSummarisesTheData() {
    SemanticCloudBuilder b = new SemanticCloudBuilder(8);
    for (int i = 0; i < 8; i++) b.add(i + 0.5f, -i, 2 * i, 0.25f * i, 100 + i, 0.5f, 0x102030);
    PointCloud2 cloud = b.build(HEADER);
    ObjectNode j = json.of(MessageTypes.POINT_CLOUD2, cloud);
    assertEquals(1700000000, j.at("/header/stamp/sec").asLong());
    assertEquals("lidar", j.at("/header/frame_id").asText());
    assertEquals(8, j.get("width").asInt());
    assertEquals("label", j.at("/fields/4/name").asText());
    assertEquals(4, j.at("/fields/4/datatype").asInt());
    assertEquals(8 * SemanticCloudBuilder.POINT_STEP, j.at("/data/length").asInt());
    assertEquals(16, j.at("/data/first").size());
    assertEquals(8, j.get("point_count").asInt());
    assertEquals(5, j.get("points").size());
    JsonNode p3 = j.at("/points/3");
    assertEquals(3.5, p3.get("x").asDouble());
    assertEquals(6.0, p3.get("z").asDouble());
    assertEquals(0.75, p3.get("intensity").asDouble());
    assertEquals(103, p3.get("label").asInt());
    assertTrue(p3.get("label").isIntegralNumber());
    assertTrue(p3.get("x").isFloatingPointNumber());
    assertEquals(0.5, p3.get("score").asDouble());
    assertEquals(Float.intBitsToFloat(0x102030), (float) p3.get("rgb").asDouble());
  }

  @Test
  void unsignedValuesAndFixedArraysAreNumbers() {
    double[] k = new double[9];
    k[0] = 721.5;
    CameraInfo info = new CameraInfo(HEADER, -1, 1242, "plumb_bob", new double[] {0.1, -0.2}, k, new double[9],
        new double[12], 0, 0, RegionOfInterest.FULL);
    ObjectNode j = json.of(MessageTypes.CAMERA_INFO, info);
    assertEquals(4294967295L, j.get("height").asLong());
    assertEquals(721.5, j.at("/k/0").asDouble());
    assertEquals(9, j.get("k").size());
    assertEquals(-0.2, j.at("/d/1").asDouble());
    assertEquals(false, j.at("/roi/do_rectify").asBoolean());
  }

  @Test
  void anyTypeDecodesFromItsSchemaText() {
    String schema = """
        int64 big
        uint64 huge
        string[] names
        foo_msgs/Inner inner
        Inner[2] pair
        ================================================================================
        MSG: foo_msgs/Inner
        float32[3] v
        int8 small
        """;
    CdrWriter w = new CdrWriter(ByteOrder.BIG_ENDIAN);
    w.int64(-5).int64(-1).stringSequence(List.of("a", "bc"));
    for (int i = 0; i < 3; i++) w.float32(1.5f * i).float32(2).float32(3).int8((byte) -i);
    ObjectNode j = json.decode("foo_msgs/msg/Outer", schema, w.toByteArray());
    assertEquals(-5, j.get("big").asLong());
    assertEquals("18446744073709551615", j.get("huge").bigIntegerValue().toString());
    assertEquals("bc", j.at("/names/1").asText());
    assertEquals(2.0, j.at("/inner/v/1").asDouble());
    assertEquals(3.0, j.at("/pair/1/v/0").asDouble());
    assertEquals(-2, j.at("/pair/1/small").asInt());
  }

  @Test
  void badPayloadsAndSchemasAreReported() {
    byte[] payload = MessageTypes.CAMERA_INFO.encode(new CameraInfo(HEADER, 1, 1, "", new double[0], new double[9],
        new double[9], new double[12], 0, 0, RegionOfInterest.FULL));
    CdrException e = assertThrows(CdrException.class,
        () -> json.decode("sensor_msgs/msg/CameraInfo", Arrays.copyOf(payload, 60)));
    assertTrue(e.getMessage().startsWith("sensor_msgs/msg/CameraInfo: field '"), e.getMessage());
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> json.decode("a/msg/B", "a/C c\n", new byte[] {0, 1, 0, 0}));
    assertTrue(missing.getMessage().contains("no definition of a/C"), missing.getMessage());
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
        () -> json.decode("sensor_msgs/msg/LaserScan", payload));
    assertTrue(unknown.getMessage().contains("unknown message type 'sensor_msgs/msg/LaserScan'"));
  }

  @Test
  void aCloudWithABadLayoutStillDecodesAndSaysWhyItHasNoPoints() {
    PointCloud2 bad = new PointCloud2(HEADER, 1, 2, List.of(new PointField("x", 0, 7, 1)), false, 4, 4, new byte[4], true);
    ObjectNode j = json.of(MessageTypes.POINT_CLOUD2, bad);
    assertTrue(j.get("points_error").asText().contains("row_step 4 is inconsistent with width 2"), j.toString());
  }

  /** The schema-driven decoder under mutation: only CdrException, never anything else, for every sample type. */
  @Test
  void mutatedPayloadsOnlyEverThrowCdrException() {
    Random rnd = new Random(77);
    List<Sample<?>> samples = samples();
    for (int i = 0; i < 30_000; i++) {
      Sample<?> s = samples.get(i % samples.size());
      byte[] input = mutate(s.payload(rnd.nextBoolean() ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN), rnd);
      try {
        json.decode(s.type().name(), input);
      } catch (CdrException expected) {
        // rejected with a located message
      } catch (Throwable t) {
        fail(s.type() + " input " + i + " threw " + t, t);
      }
    }
  }

  record Sample<T>(RosMessageType<T> type, T value) {
    byte[] payload(ByteOrder order) {
      return type.encode(value, order);
    }
  }

  private static List<Sample<?>> samples() {
    TransformStamped t = new TransformStamped(HEADER, "base_link",
        new Transform(new Vector3(1, 2, 3), Quaternion.IDENTITY));
    return List.of(
        new Sample<>(MessageTypes.POINT_CLOUD2, new SemanticCloudBuilder(3).add(1, 2, 3, 4, 5, 6, 7)
            .add(8, 9, 10, 11, 12, 13, 14).build(HEADER)),
        new Sample<>(MessageTypes.CAMERA_INFO, new CameraInfo(HEADER, 375, 1242, "plumb_bob", new double[5],
            new double[9], new double[9], new double[12], 1, 1, new RegionOfInterest(1, 2, 3, 4, true))),
        new Sample<>(MessageTypes.TF_MESSAGE, new TFMessage(List.of(t, t))),
        new Sample<>(MessageTypes.IMAGE, new Image(HEADER, 2, 2, "rgb8", 0, 6, new byte[12])),
        new Sample<>(MessageTypes.LABEL_MAP, new LabelMap(HEADER, List.of(new LabelClass(1, "car", 255, 0, 0),
            new LabelClass(2, "road", 128, 64, 128)))),
        new Sample<>(MessageTypes.VOCABULARY_UPDATE, new VocabularyUpdate(HEADER, List.of("car", "tree"),
            List.of("a photo of a {}."))),
        new Sample<>(MessageTypes.DIAGNOSTIC_ARRAY, new DiagnosticArray(HEADER, List.of(new DiagnosticStatus(
            DiagnosticStatus.WARN, "perception", "slow", "gpu0", List.of(new KeyValue("hz", "4.5")))))));
  }

  private static byte[] mutate(byte[] b, Random rnd) {
    byte[] c = b.clone();
    for (int k = 0; k < 1 + rnd.nextInt(3); k++) {
      int at = rnd.nextInt(c.length);
      c[at] = (byte) (rnd.nextBoolean() ? rnd.nextInt() : 0xff);
    }
    return rnd.nextInt(4) == 0 ? Arrays.copyOf(c, rnd.nextInt(c.length + 1)) : c;
  }
}
