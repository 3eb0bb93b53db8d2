package dev.clip2scene.model.infer.cuda;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kernels' parameter structs, read from the same header the kernels are compiled with (c2s_params.cuh), so that
 * the host lays every struct out as the device reads it: fields of 8 bytes each (64-bit integers, doubles,
 * pointers), arrays of them, in declaration order.
 */
public final class ParamLayout {
  /** Where the kernel sources are, on the class path. */
  public static final String SOURCES = "/dev/clip2scene/cuda/";
  private static final Pattern STRUCT = Pattern.compile("struct\\s+(\\w+)\\s*\\{([^}]*)\\};");
  private static final Pattern DEFINE = Pattern.compile("(?m)^#define\\s+(C2S_\\w+)\\s+(\\d+)\\s*$");
  private static final Pattern FIELD = Pattern.compile("\\s*(?:const\\s+)?(\\w+)\\s*(\\*?)\\s*(\\w+)(?:\\[(\\d+)\\])?;\\s*");
  private static final ParamLayout KERNELS = new ParamLayout(read("c2s_params.cuh"));

  /** One struct: each field's first 8-byte slot and its slot count. */
  public record Struct(String name, Map<String, int[]> fields, int slots) {
    public int bytes() {
      return 8 * slots;
    }

    /** A fresh parameter block of this struct; every scalar field must be set before {@link Params#bytes}. */
    public Params params() {
      return new Params(this);
    }
  }

  private final Map<String, Struct> structs = new LinkedHashMap<>();
  private final Map<String, Integer> constants = new LinkedHashMap<>();

  ParamLayout(String header) {
    Matcher d = DEFINE.matcher(header);
    while (d.find()) constants.put(d.group(1), Integer.parseInt(d.group(2)));
    Matcher m = STRUCT.matcher(header.replaceAll("//[^\n]*", "").replaceAll("(?s)/\\*.*?\\*/", ""));
    while (m.find()) {
      Map<String, int[]> fields = new LinkedHashMap<>();
      int slot = 0;
      for (String line : m.group(2).split("\n")) {
        if (line.isBlank()) continue;
        Matcher f = FIELD.matcher(line);
        if (!f.matches()) throw new IllegalArgumentException("c2s_params.cuh: struct " + m.group(1) + ": cannot read field '" + line.strip() + "'");
        String type = f.group(1);
        boolean pointer = !f.group(2).isEmpty();
        if (!pointer && !type.equals("c2s_i64") && !type.equals("c2s_u64") && !type.equals("double")) {
          throw new IllegalArgumentException("c2s_params.cuh: struct " + m.group(1) + ": field " + f.group(3) + " of type " + type + " is not 8 bytes");
        }
        int count = f.group(4) == null ? 1 : Integer.parseInt(f.group(4));
        fields.put(f.group(3), new int[] {slot, count});
        slot += count;
      }
      structs.put(m.group(1), new Struct(m.group(1), fields, slot));
    }
  }

  /** The layouts of the kernels on the class path. */
  public static ParamLayout kernels() {
    return KERNELS;
  }

  public Struct struct(String name) {
    Struct s = structs.get(name);
    if (s == null) throw new IllegalArgumentException("no parameter struct " + name + " in c2s_params.cuh");
    return s;
  }

  public Map<String, Struct> structs() {
    return structs;
  }

  /** An integer #define of the header, e.g. C2S_PAD. */
  public int constant(String name) {
    Integer v = constants.get(name);
    if (v == null) throw new IllegalArgumentException("no #define " + name + " in c2s_params.cuh");
    return v;
  }

  /** A kernel source file from the class path, as text. */
  public static String read(String file) {
    try (InputStream in = ParamLayout.class.getResourceAsStream(SOURCES + file)) {
      if (in == null) throw new IllegalStateException("kernel source " + SOURCES + file + " is not on the class path");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One kernel's parameters being filled in. */
  public static final class Params {
    private final Struct struct;
    private final ByteBuffer bytes;
    private final BitSet set = new BitSet();

    private Params(Struct struct) {
      this.struct = struct;
      this.bytes = ByteBuffer.allocate(struct.bytes()).order(ByteOrder.LITTLE_ENDIAN);
    }

    private int slot(String field, int index) {
      int[] f = struct.fields().get(field);
      if (f == null) throw new IllegalArgumentException(struct.name() + " has no field " + field);
      if (index < 0 || index >= f[1]) throw new IllegalArgumentException(struct.name() + "." + field + "[" + index + "] out of range");
      set.set(f[0] + index);
      return f[0] + index;
    }

    /** An integer or pointer field (0 for a null pointer). */
    public Params set(String field, long value) {
      return set(field, 0, value);
    }

    public Params set(String field, int index, long value) {
      bytes.putLong(8 * slot(field, index), value);
      return this;
    }

    public Params setDouble(String field, double value) {
      return setDouble(field, 0, value);
    }

    public Params setDouble(String field, int index, double value) {
      bytes.putDouble(8 * slot(field, index), value);
      return this;
    }

    /** The struct's bytes; every field not an array must have been set (arrays default to zeros). */
    public ByteBuffer bytes() {
      for (Map.Entry<String, int[]> f : struct.fields().entrySet()) {
        if (f.getValue()[1] == 1 && !set.get(f.getValue()[0])) throw new IllegalStateException(struct.name() + "." + f.getKey() + " not set");
      }
      return bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN).clear();
    }

    public Struct struct() {
      return struct;
    }
  }
}
