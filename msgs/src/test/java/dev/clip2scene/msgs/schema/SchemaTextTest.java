package dev.clip2scene.msgs.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clip2scene.msgs.MessageTypes;
import dev.clip2scene.msgs.RosMessageType;
import dev.clip2scene.testkit.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Our embedded schema texts against the ones rosbag2 stores (../shared/data/ros2msg, comments included). */
class SchemaTextTest {

  @ParameterizedTest
  @ValueSource(strings = {"sensor_msgs/PointCloud2", "sensor_msgs/Image", "sensor_msgs/CompressedImage",
      "sensor_msgs/CameraInfo", "tf2_msgs/TFMessage"})
  void equalsTheRosbag2TextWithoutComments(String type) throws IOException {
    Path original = Fixtures.sharedData("ros2msg/" + type.replace('/', '_') + ".ros2msg");
    String theirs = Files.readString(original);
    String ours = MessageTypes.find(type).orElseThrow().schemaText();
    assertEquals(withoutComments(theirs), withoutComments(ours));
    assertEquals(structure(type, theirs), structure(type, ours));
  }

  /** Comment-free lines with runs of blanks collapsed: what is left when comments and layout are dropped. */
  private static String withoutComments(String text) {
    return text.lines()
        .map(l -> l.startsWith("=====") ? l : l.replaceAll("#.*", ""))
        .map(l -> l.strip().replaceAll("\\s+", " "))
        .filter(l -> !l.isEmpty())
        .collect(Collectors.joining("\n"));
  }

  private static Map<String, List<MsgField>> structure(String root, String text) {
    return Ros2MsgSchema.parse(root, text).entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().fields(), (a, b) -> a,
            java.util.LinkedHashMap::new));
  }

  @Test
  void everySchemaParsesBackIntoItsDefinitions() {
    for (RosMessageType<?> t : MessageTypes.all()) {
      String text = t.schemaText();
      assertFalse(text.contains("#"), t + " schema has no comments");
      Map<String, MsgDefinition> parsed = Ros2MsgSchema.parse(t.name(), text);
      String root = parsed.keySet().iterator().next();
      assertEquals(t.name().replace("/msg/", "/"), root);
      for (MsgDefinition d : parsed.values()) {
        for (MsgField f : d.fields()) {
          if (f.isMessage()) assertTrue(parsed.containsKey(f.type()), t + ": " + f.type() + " is included");
        }
      }
    }
  }

  @Test
  void ownInterfacesLiveInTheRosPackageLayout() {
    Path msgDir = Fixtures.root().resolve("msgs/src/main/resources/msg");
    Stream.of("LabelMap", "LabelClass", "VocabularyUpdate")
        .forEach(n -> assertTrue(Files.exists(msgDir.resolve(n + ".msg")), n));
    assertEquals("""
        std_msgs/Header header
        LabelClass[] classes
        ================================================================================
        MSG: std_msgs/Header
        builtin_interfaces/Time stamp
        string frame_id
        ================================================================================
        MSG: builtin_interfaces/Time
        int32 sec
        uint32 nanosec
        ================================================================================
        MSG: clip2scene/LabelClass
        uint16 id
        string name
        uint8 red
        uint8 green
        uint8 blue
        """, MessageTypes.LABEL_MAP.schemaText());
  }

  @Test
  void parsesConstantsDefaultsArraysAndBoundedTypes() {
    MsgDefinition d = MsgDefinition.parse("pkg/T", """
        # comment
        uint8 A = 1  # trailing
        string S="x # not a comment"
        float64 w 1
        int32[] seq
        float64[9] fixed
        string<=8[<=3] bounded
        Other o
        """);
    List<MsgField> f = d.fields();
    assertEquals(new MsgField("uint8", "A", MsgField.Kind.CONSTANT, -1, "1"), f.get(0));
    assertEquals("\"x # not a comment\"", f.get(1).value());
    assertEquals(new MsgField("float64", "w", MsgField.Kind.SCALAR, -1, "1"), f.get(2));
    assertEquals(new MsgField("int32", "seq", MsgField.Kind.SEQUENCE, 0, null), f.get(3));
    assertEquals(new MsgField("float64", "fixed", MsgField.Kind.FIXED_ARRAY, 9, null), f.get(4));
    assertEquals(new MsgField("string", "bounded", MsgField.Kind.SEQUENCE, 0, null), f.get(5));
    assertEquals(new MsgField("pkg/Other", "o", MsgField.Kind.SCALAR, -1, null), f.get(6));
    assertEquals(5, d.dataFields().size());
  }
}
