package dev.clip2scene.msgs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clip2scene.msgs.schema.InterfaceCatalog;
import dev.clip2scene.msgs.schema.MsgDefinition;
import dev.clip2scene.msgs.schema.MsgField;
import java.lang.reflect.RecordComponent;
import java.util.Comparator;
import java.util.List;

/**
 * A record's values as JSON keyed like its .msg definition (what the peer prints), reading unsigned values by the
 * definition's types. Walking components and fields together also proves each record mirrors its definition.
 */
final class RecordJson {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  /**
   * Numbers compare by value (an int and a long, or 1 and 1.0, are equal; the peer writes 64-bit integers as decimal
   * strings); everything else structurally.
   */
  static final Comparator<JsonNode> BY_VALUE = (a, b) -> {
    if (a.equals(b)) return 0;
    if (a.isNumber() && b.isNumber()) return a.decimalValue().compareTo(b.decimalValue());
    if (a.isNumber() && b.isTextual()) return a.bigIntegerValue().toString().equals(b.asText()) ? 0 : 1;
    if (a.isTextual() && b.isNumber()) return b.bigIntegerValue().toString().equals(a.asText()) ? 0 : 1;
    return 1;
  };

  private RecordJson() {}

  static ObjectNode of(RosMessageType<?> type, Object value) {
    return message(InterfaceCatalog.definition(type.name()), value);
  }

  private static ObjectNode message(MsgDefinition def, Object record) {
    RecordComponent[] components = record.getClass().getRecordComponents();
    List<MsgField> fields = def.dataFields();
    assertEquals(fields.size(), components.length, def.name() + " fields vs " + record.getClass());
    ObjectNode out = F.objectNode();
    for (int i = 0; i < components.length; i++) {
      MsgField f = fields.get(i);
      assertEquals(camel(f.name()), components[i].getName(), def.name() + " field " + i);
      try {
        out.set(f.name(), value(f, components[i].getAccessor().invoke(record)));
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(e);
      }
    }
    return out;
  }

  private static JsonNode value(MsgField f, Object v) {
    if (f.kind() == MsgField.Kind.SCALAR) return one(f.type(), v);
    ArrayNode a = F.arrayNode();
    if (v instanceof byte[] b) for (byte x : b) a.add(one(f.type(), x));
    else if (v instanceof double[] d) for (double x : d) a.add(one(f.type(), x));
    else if (v instanceof int[] n) for (int x : n) a.add(one(f.type(), x));
    else for (Object x : (List<?>) v) a.add(one(f.type(), x));
    return a;
  }

  private static JsonNode one(String type, Object v) {
    if (!MsgField.isPrimitive(type)) return message(InterfaceCatalog.definition(type), v);
    return switch (type) {
      case "bool" -> F.booleanNode((Boolean) v);
      case "string" -> F.textNode((String) v);
      case "int8" -> F.numberNode(((Number) v).byteValue());
      case "uint8", "byte", "char" -> F.numberNode(((Number) v).intValue() & 0xff);
      case "int16" -> F.numberNode(((Number) v).shortValue());
      case "uint16" -> F.numberNode(((Number) v).intValue() & 0xffff);
      case "int32" -> F.numberNode(((Number) v).intValue());
      case "uint32" -> F.numberNode(Integer.toUnsignedLong(((Number) v).intValue()));
      case "int64" -> F.numberNode(((Number) v).longValue());
      case "uint64" -> F.numberNode(new java.math.BigInteger(Long.toUnsignedString(((Number) v).longValue())));
      case "float32" -> F.numberNode((double) ((Number) v).floatValue());
      case "float64" -> F.numberNode(((Number) v).doubleValue());
      default -> throw new AssertionError("no JSON for " + type);
    };
  }

  private static String camel(String snake) {
    StringBuilder sb = new StringBuilder();
    boolean up = false;
    for (char c : snake.toCharArray()) {
      if (c == '_') {
        up = true;
      } else {
        sb.append(up ? Character.toUpperCase(c) : c);
        up = false;
      }
    }
    return sb.toString();
  }
}
