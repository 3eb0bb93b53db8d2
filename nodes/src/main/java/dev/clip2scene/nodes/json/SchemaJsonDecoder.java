package dev.clip2scene.nodes.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clip2scene.msgs.cdr.CdrDecoder;
import dev.clip2scene.msgs.cdr.CdrReader;
import dev.clip2scene.msgs.schema.MsgDefinition;
import dev.clip2scene.msgs.schema.MsgField;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Decodes CDR of any message type described by .msg definitions into JSON, field by field: numbers as numbers
 * (unsigned values as their unsigned value), byte arrays summarised as {length, first}.
 */
final class SchemaJsonDecoder implements CdrDecoder<ObjectNode> {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  /** Arrays of these are summarised rather than listed. */
  private static final Set<String> BYTE_TYPES = Set.of("uint8", "int8", "byte", "char");
  private final MsgDefinition definition;
  private final Map<String, SchemaJsonDecoder> nested;
  private final int bytesShown;

  private SchemaJsonDecoder(MsgDefinition definition, Map<String, SchemaJsonDecoder> nested, int bytesShown) {
    this.definition = definition;
    this.nested = nested;
    this.bytesShown = bytesShown;
  }

  /** A decoder for ROOT; every message type it reaches must be in DEFINITIONS, and none may contain itself. */
  static SchemaJsonDecoder of(String root, Map<String, MsgDefinition> definitions, int bytesShown) {
    Map<String, SchemaJsonDecoder> all = new HashMap<>();
    build(root, definitions, all, new HashSet<>(), bytesShown);
    return all.get(root);
  }

  private static void build(String name, Map<String, MsgDefinition> defs, Map<String, SchemaJsonDecoder> all,
      Set<String> path, int bytesShown) {
    MsgDefinition d = defs.get(name);
    if (d == null) throw new IllegalArgumentException("the schema has no definition of " + name);
    path.add(name);
    all.put(name, new SchemaJsonDecoder(d, all, bytesShown));
    for (MsgField f : d.dataFields()) {
      if (!f.isMessage()) continue;
      if (path.contains(f.type())) throw new IllegalArgumentException(name + " contains itself through " + f.type());
      if (!all.containsKey(f.type())) build(f.type(), defs, all, path, bytesShown);
    }
    path.remove(name);
  }

  @Override
  public ObjectNode read(CdrReader in) {
    ObjectNode out = F.objectNode();
    if (definition.dataFields().isEmpty()) {
      in.uint8("structure_needs_at_least_one_member");  // how ROS 2 serialises an empty message
      return out;
    }
    for (MsgField f : definition.dataFields()) out.set(f.name(), field(in, f));
    return out;
  }

  private JsonNode field(CdrReader in, MsgField f) {
    String name = f.name();
    if (f.kind() == MsgField.Kind.SCALAR) return one(in, f.type(), name);
    int min = minBytes(f.type());
    int n;
    if (f.kind() == MsgField.Kind.FIXED_ARRAY) {
      n = f.arrayLength();
      if ((long) n * min > in.remaining()) {
        throw in.error(name, f.type() + "[" + n + "] needs at least " + (long) n * min + " bytes, only "
            + in.remaining() + " remain");
      }
    } else if (f.isMessage()) {
      ArrayNode a = F.arrayNode();
      in.sequence(name, nested.get(f.type())).forEach(a::add);
      return a;
    } else {
      n = in.sequenceLength(name, min);
    }
    if (BYTE_TYPES.contains(f.type())) return bytes(in, f.type(), name, n);
    ArrayNode a = F.arrayNode();
    for (int i = 0; i < n; i++) a.add(one(in, f.type(), name));
    return a;
  }

  /** A byte array as {length, first: [up to bytesShown values]}, the rest skipped. */
  private JsonNode bytes(CdrReader in, String type, String name, int n) {
    ObjectNode o = F.objectNode();
    o.put("length", n);
    ArrayNode first = o.putArray("first");
    int shown = Math.min(n, bytesShown);
    for (int i = 0; i < shown; i++) first.add(one(in, type, name));
    in.skip(name, n - shown);
    return o;
  }

  private JsonNode one(CdrReader in, String type, String name) {
    return switch (type) {
      case "bool" -> F.booleanNode(in.bool(name));
      case "int8" -> F.numberNode(in.int8(name));
      case "uint8", "byte", "char" -> F.numberNode(in.uint8(name));
      case "int16" -> F.numberNode(in.int16(name));
      case "uint16" -> F.numberNode(in.uint16(name));
      case "int32" -> F.numberNode(in.int32(name));
      case "uint32" -> F.numberNode(Integer.toUnsignedLong(in.uint32(name)));
      case "int64" -> F.numberNode(in.int64(name));
      case "uint64" -> F.numberNode(new BigInteger(Long.toUnsignedString(in.int64(name))));
      case "float32" -> F.numberNode(in.float32(name));
      case "float64" -> F.numberNode(in.float64(name));
      case "string" -> F.textNode(in.string(name));
      case "wstring" -> throw in.error(name, "wstring is not supported (its wire size is implementation-defined)");
      default -> in.nested(name, nested.get(type));
    };
  }

  private static int minBytes(String type) {
    return switch (type) {
      case "int16", "uint16" -> 2;
      case "int32", "uint32", "float32", "string", "wstring" -> 4;
      case "int64", "uint64", "float64" -> 8;
      default -> 1;
    };
  }
}
