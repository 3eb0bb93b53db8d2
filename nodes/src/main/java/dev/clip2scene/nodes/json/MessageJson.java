package dev.clip2scene.nodes.json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.ValueNode;
import dev.clip2scene.msgs.MessageTypes;
import dev.clip2scene.msgs.RosMessageType;
import dev.clip2scene.msgs.cdr.CdrReader;
import dev.clip2scene.msgs.pointcloud.PointCloud2View;
import dev.clip2scene.msgs.pointcloud.PointCloudFormatException;
import dev.clip2scene.msgs.pointcloud.PointDatatype;
import dev.clip2scene.msgs.pointcloud.PointFieldReader;
import dev.clip2scene.msgs.schema.MsgDefinition;
import dev.clip2scene.msgs.schema.Ros2MsgSchema;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Any ROS 2 message as JSON, for people and scripts (`msg decode`, `bag cat`): fields by their .msg names, numbers as
 * numbers, byte arrays summarised as {length, first}, and for a PointCloud2 its first points decoded per field.
 * Works for every type whose ros2msg schema text is known (the ones this package ships, or one from a bag).
 */
public final class MessageJson {
  public static final int DEFAULT_BYTES_SHOWN = 16;
  public static final int DEFAULT_POINTS_SHOWN = 5;
  private static final String POINT_CLOUD2 = "sensor_msgs/PointCloud2";
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private final int bytesShown;
  private final int pointsShown;
  /** Parsed schema texts: a bag has few, and each decodes many messages. */
  private final Map<String, SchemaJsonDecoder> decoders = new ConcurrentHashMap<>();

  public MessageJson(int bytesShown, int pointsShown) {
    if (bytesShown < 0 || pointsShown < 0) throw new IllegalArgumentException("negative counts");
    this.bytesShown = bytesShown;
    this.pointsShown = pointsShown;
  }

  public MessageJson() {
    this(DEFAULT_BYTES_SHOWN, DEFAULT_POINTS_SHOWN);
  }

  /** A payload of a type this package ships ("pkg/msg/Type" or "pkg/Type"). */
  public ObjectNode decode(String typeName, byte[] payload) {
    RosMessageType<?> type = MessageTypes.find(typeName).orElseThrow(() -> new IllegalArgumentException(
        "unknown message type '" + typeName + "' (give its ros2msg schema text)"));
    return decode(type.name(), type.schemaText(), payload);
  }

  /** A payload of TYPENAME described by SCHEMATEXT (ros2msg, as stored in bags). Bad bytes throw CdrException. */
  public ObjectNode decode(String typeName, String schemaText, byte[] payload) {
    String root = MsgDefinition.resolveName(typeName);
    SchemaJsonDecoder decoder = decoders.computeIfAbsent(root + "\n" + schemaText, k -> {
      Map<String, MsgDefinition> defs = Ros2MsgSchema.parse(root, schemaText);
      return SchemaJsonDecoder.of(root, defs, bytesShown);
    });
    CdrReader in = CdrReader.of(payload, MsgDefinition.rosName(root));
    ObjectNode json = decoder.read(in);
    in.finish();
    if (root.equals(POINT_CLOUD2)) addPoints(json, payload);
    return json;
  }

  /** A decoded record of TYPE. */
  public <T> ObjectNode of(RosMessageType<T> type, T value) {
    return decode(type.name(), type.schemaText(), type.encode(value));
  }

  private void addPoints(ObjectNode json, byte[] payload) {
    PointCloud2View view;
    try {
      view = PointCloud2View.decode(payload);
    } catch (PointCloudFormatException e) {
      json.put("points_error", e.getMessage());
      return;
    }
    json.put("point_count", view.size());
    ArrayNode points = json.putArray("points");
    for (int i = 0; i < Math.min(pointsShown, view.size()); i++) {
      ObjectNode p = points.addObject();
      for (PointFieldReader f : view.fields()) {
        if (f.count() == 1) {
          p.set(f.name(), number(f, i, 0));
        } else {
          ArrayNode a = p.putArray(f.name());
          for (int e = 0; e < f.count(); e++) a.add(number(f, i, e));
        }
      }
    }
  }

  private static ValueNode number(PointFieldReader f, int point, int element) {
    double v = f.getDouble(point, element);
    if (f.datatype() == PointDatatype.FLOAT32) return F.numberNode((float) v);
    if (f.datatype() == PointDatatype.FLOAT64) return F.numberNode(v);
    return F.numberNode((long) v);
  }
}
