package dev.clip2scene.msgs.rosidljava;

import dev.clip2scene.msgs.cdr.CdrReader;
import dev.clip2scene.msgs.cdr.CdrWriter;
import dev.clip2scene.msgs.schema.InterfaceCatalog;
import dev.clip2scene.msgs.schema.MsgDefinition;
import dev.clip2scene.msgs.schema.MsgField;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * CDR to and from objects of the classes rosidl_generator_java (ros2_java) generates, field by field from the .msg
 * definitions this jar ships: the way messages cross the rcljava transport, which takes and gives only such objects.
 * A generated class "pkg.msg.Type" (or "pkg.srv.Name_Request") keeps each field of the definition in a field of the
 * same name: primitives as Java primitives (unsigned ones in the signed type of their width), strings as String,
 * nested messages as objects, and arrays and sequences as java.util.List of boxed values or objects.
 */
public final class RosidlJavaCodec {
  private final MsgDefinition definition;
  private final Class<?> type;
  private final Constructor<?> constructor;
  private final List<Member> members = new ArrayList<>();

  private record Member(MsgField field, Field slot, RosidlJavaCodec nested) {}

  private RosidlJavaCodec(MsgDefinition definition, Class<?> type) {
    this.definition = definition;
    this.type = type;
    try {
      this.constructor = type.getDeclaredConstructor();
      constructor.setAccessible(true);
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException(type.getName() + " has no no-argument constructor: not a rosidl_generator_java class", e);
    }
  }

  /** The codec of ROS_TYPE ("pkg/msg/Type", "pkg/srv/Name_Request"), whose generated class LOADER loads. */
  public static RosidlJavaCodec of(String rosType, ClassLoader loader) {
    return of(rosType, InterfaceCatalog::definition, name -> {
      try {
        return Class.forName(javaClassName(name), true, loader);
      } catch (ClassNotFoundException e) {
        throw new IllegalArgumentException("no generated Java class " + javaClassName(name) + " for " + name + " on the class path"
            + " (is the workspace that built its package with rosidl_generator_java sourced?)", e);
      }
    });
  }

  /** As {@link #of(String, ClassLoader)} with the definitions and classes given. */
  public static RosidlJavaCodec of(String rosType, Function<String, MsgDefinition> definitions, Function<String, Class<?>> classes) {
    return build(MsgDefinition.resolveName(rosType), definitions, classes, new HashMap<>());
  }

  /** "pkg.msg.Type" for "pkg/msg/Type" or "pkg/Type"; "pkg.srv.Name_Request" for "pkg/srv/Name_Request". */
  public static String javaClassName(String rosType) {
    String[] parts = rosType.split("/");
    if (parts.length == 2) return parts[0] + ".msg." + parts[1];
    if (parts.length == 3) return String.join(".", parts);
    throw new IllegalArgumentException("not a ROS type name: '" + rosType + "'");
  }

  private static RosidlJavaCodec build(String name, Function<String, MsgDefinition> definitions, Function<String, Class<?>> classes,
      Map<String, RosidlJavaCodec> built) {
    RosidlJavaCodec done = built.get(name);
    if (done != null) return done;
    MsgDefinition d = definitions.apply(name);
    RosidlJavaCodec c = new RosidlJavaCodec(d, classes.apply(name));
    built.put(name, c);
    for (MsgField f : d.dataFields()) {
      if (f.type().equals("wstring")) throw new IllegalArgumentException(name + "." + f.name() + ": wstring is not supported");
      Field slot;
      try {
        slot = c.type.getDeclaredField(f.name());
        slot.setAccessible(true);
      } catch (NoSuchFieldException e) {
        throw new IllegalArgumentException(c.type.getName() + " has no field " + f.name() + " of " + name
            + ": the generated class and this jar's definition differ", e);
      }
      RosidlJavaCodec nested = f.isMessage() ? build(MsgDefinition.resolveName(f.type()), definitions, classes, built) : null;
      c.members.add(new Member(f, slot, nested));
    }
    return c;
  }

  public Class<?> javaClass() {
    return type;
  }

  /** The ROS type, "pkg/msg/Type". */
  public String rosType() {
    return definition.name();
  }

  /** A new object holding the message in the first LENGTH bytes of CDR (encapsulation header included). */
  public Object decode(byte[] cdr, int length) {
    Object o = newInstance();
    decodeInto(cdr, length, o);
    return o;
  }

  /** Sets every field of TARGET (an object of {@link #javaClass()}) from the message in the first LENGTH bytes of CDR. */
  public void decodeInto(byte[] cdr, int length, Object target) {
    CdrReader in = CdrReader.of(cdr, 0, length, definition.name());
    read(in, target);
    in.finish();
  }

  /** MESSAGE (an object of {@link #javaClass()}) as little-endian CDR, encapsulation header included. */
  public byte[] encode(Object message) {
    CdrWriter out = new CdrWriter(ByteOrder.LITTLE_ENDIAN);
    write(out, message);
    return out.toByteArray();
  }

  private Object newInstance() {
    try {
      return constructor.newInstance();
    } catch (InstantiationException | IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot create a " + type.getName() + ": " + e, e);
    }
  }

  private void read(CdrReader in, Object target) {
    if (members.isEmpty()) {
      in.uint8("structure_needs_at_least_one_member");
      return;
    }
    try {
      for (Member m : members) {
        MsgField f = m.field();
        switch (f.kind()) {
          case SCALAR -> {
            if (m.nested() != null) {
              Object child = m.nested().newInstance();
              m.nested().read(in, child);
              m.slot().set(target, child);
            } else {
              setPrimitive(m.slot(), target, f.type(), in, f.name());
            }
          }
          case FIXED_ARRAY -> m.slot().set(target, readList(in, m, f.arrayLength()));
          case SEQUENCE -> m.slot().set(target, readList(in, m, -1));
          default -> throw new IllegalStateException("constant " + f.name() + " among data fields");
        }
      }
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot set a field of " + type.getName() + ": " + e, e);
    }
  }

  private static boolean isByte(String t) {
    return t.equals("uint8") || t.equals("int8") || t.equals("byte") || t.equals("char");
  }

  /** N elements (N < 0: a sequence, its length read first). */
  private List<?> readList(CdrReader in, Member m, int fixed) {
    MsgField f = m.field();
    String t = f.type();
    if (isByte(t)) {
      if (fixed < 0) return new ByteList(in.uint8Sequence(f.name()));
      byte[] b = new byte[fixed];
      System.arraycopy(in.buffer(), in.skip(f.name(), fixed), b, 0, fixed);
      return new ByteList(b);
    }
    int n = fixed >= 0 ? fixed : in.sequenceLength(f.name(), minBytes(t));
    List<Object> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      if (m.nested() != null) {
        Object child = m.nested().newInstance();
        m.nested().read(in, child);
        out.add(child);
      } else {
        out.add(readBoxed(in, t, f.name()));
      }
    }
    return out;
  }

  private static int minBytes(String t) {
    return switch (t) {
      case "int16", "uint16" -> 2;
      case "int32", "uint32", "float32", "string" -> 4;
      case "int64", "uint64", "float64" -> 8;
      default -> 1;
    };
  }

  private static void setPrimitive(Field slot, Object target, String t, CdrReader in, String name) throws IllegalAccessException {
    switch (t) {
      case "bool" -> slot.setBoolean(target, in.bool(name));
      case "int8" -> slot.setByte(target, in.int8(name));
      case "uint8", "byte", "char" -> slot.setByte(target, (byte) in.uint8(name));
      case "int16" -> slot.setShort(target, in.int16(name));
      case "uint16" -> slot.setShort(target, (short) in.uint16(name));
      case "int32" -> slot.setInt(target, in.int32(name));
      case "uint32" -> slot.setInt(target, in.uint32(name));
      case "int64", "uint64" -> slot.setLong(target, in.int64(name));
      case "float32" -> slot.setFloat(target, in.float32(name));
      case "float64" -> slot.setDouble(target, in.float64(name));
      case "string" -> slot.set(target, in.string(name));
      default -> throw in.error(name, "unsupported type " + t);
    }
  }

  private static Object readBoxed(CdrReader in, String t, String name) {
    return switch (t) {
      case "bool" -> in.bool(name);
      case "int16" -> in.int16(name);
      case "uint16" -> (short) in.uint16(name);
      case "int32" -> in.int32(name);
      case "uint32" -> in.uint32(name);
      case "int64", "uint64" -> in.int64(name);
      case "float32" -> in.float32(name);
      case "float64" -> in.float64(name);
      case "string" -> in.string(name);
      default -> throw in.error(name, "unsupported type " + t);
    };
  }

  private void write(CdrWriter out, Object message) {
    if (!type.isInstance(message)) {
      throw new IllegalArgumentException("expected a " + type.getName() + ", got " + (message == null ? "null" : message.getClass().getName()));
    }
    if (members.isEmpty()) {
      out.uint8(0);
      return;
    }
    try {
      for (Member m : members) {
        MsgField f = m.field();
        Object v = m.slot().get(message);
        switch (f.kind()) {
          case SCALAR -> {
            if (m.nested() != null) m.nested().write(out, require(v, f));
            else writePrimitive(out, f.type(), v == null && f.type().equals("string") ? "" : require(v, f));
          }
          case FIXED_ARRAY -> writeList(out, m, (List<?>) require(v, f), f.arrayLength());
          case SEQUENCE -> writeList(out, m, v == null ? List.of() : (List<?>) v, -1);
          default -> throw new IllegalStateException("constant " + f.name() + " among data fields");
        }
      }
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot read a field of " + type.getName() + ": " + e, e);
    }
  }

  private Object require(Object v, MsgField f) {
    if (v == null) throw new IllegalArgumentException(definition.name() + "." + f.name() + " is null");
    return v;
  }

  private void writeList(CdrWriter out, Member m, List<?> values, int fixed) {
    MsgField f = m.field();
    if (fixed >= 0 && values.size() != fixed) {
      throw new IllegalArgumentException(definition.name() + "." + f.name() + " holds " + values.size() + " elements, its array " + fixed);
    }
    if (isByte(f.type())) {
      byte[] b;
      if (values instanceof ByteList bl) {
        b = bl.array();
      } else {
        b = new byte[values.size()];
        for (int i = 0; i < b.length; i++) b[i] = (Byte) values.get(i);
      }
      if (fixed < 0) {
        out.uint8Sequence(b);
      } else {
        int at = out.reserve(b.length); // may grow the buffer: take it afterwards
        System.arraycopy(b, 0, out.buffer(), at, b.length);
      }
      return;
    }
    if (fixed < 0) out.sequenceLength(values.size());
    for (Object v : values) {
      if (m.nested() != null) m.nested().write(out, require(v, f));
      else writePrimitive(out, f.type(), require(v, f));
    }
  }

  private static void writePrimitive(CdrWriter out, String t, Object v) {
    switch (t) {
      case "bool" -> out.bool((Boolean) v);
      case "int8" -> out.int8((Byte) v);
      case "uint8", "byte", "char" -> out.uint8(Byte.toUnsignedInt((Byte) v));
      case "int16" -> out.int16((Short) v);
      case "uint16" -> out.uint16(Short.toUnsignedInt((Short) v));
      case "int32" -> out.int32((Integer) v);
      case "uint32" -> out.uint32((Integer) v);
      case "int64", "uint64" -> out.int64((Long) v);
      case "float32" -> out.float32((Float) v);
      case "float64" -> out.float64((Double) v);
      case "string" -> out.string((String) v);
      default -> throw new IllegalArgumentException("unsupported type " + t);
    }
  }
}
