package dev.clip2scene.model.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Collects named tensors and writes them as one safetensors file, atomically. */
public final class SafeTensorsWriter {
  private record Entry(String name, DType dtype, long[] shape, ByteBuffer data) {}

  private final List<Entry> entries = new ArrayList<>();
  private final Map<String, String> metadata = new LinkedHashMap<>();

  public SafeTensorsWriter metadata(String key, String value) {
    metadata.put(key, value);
    return this;
  }

  public SafeTensorsWriter addFloats(String name, long[] shape, float[] values) {
    ByteBuffer b = buffer(name, shape, values.length, DType.F32);
    b.asFloatBuffer().put(values);
    return add(name, DType.F32, shape, b);
  }

  /** VALUES stored as float16 (rounded to nearest even): half the bytes, about 3 decimal digits. */
  public SafeTensorsWriter addHalves(String name, long[] shape, float[] values) {
    ByteBuffer b = buffer(name, shape, values.length, DType.F16);
    for (float v : values) b.putShort(HalfFloats.toHalf(v));
    return add(name, DType.F16, shape, b);
  }

  public SafeTensorsWriter addLongs(String name, long[] shape, long[] values) {
    ByteBuffer b = buffer(name, shape, values.length, DType.I64);
    b.asLongBuffer().put(values);
    return add(name, DType.I64, shape, b);
  }

  private ByteBuffer buffer(String name, long[] shape, int length, DType dtype) {
    long n = Shapes.elements(shape, name);
    if (n != length) {
      throw new IllegalArgumentException("tensor '" + name + "': " + length + " values for shape " + Shapes.format(shape));
    }
    return ByteBuffer.allocate(Math.multiplyExact(length, dtype.size())).order(ByteOrder.LITTLE_ENDIAN);
  }

  private SafeTensorsWriter add(String name, DType dtype, long[] shape, ByteBuffer data) {
    for (Entry e : entries) {
      if (e.name.equals(name)) throw new IllegalArgumentException("tensor '" + name + "' added twice");
    }
    entries.add(new Entry(name, dtype, shape.clone(), data));
    return this;
  }

  public void write(Path file) throws IOException {
    ObjectMapper json = new ObjectMapper();
    ObjectNode header = json.createObjectNode();
    if (!metadata.isEmpty()) {
      ObjectNode meta = header.putObject("__metadata__");
      metadata.forEach(meta::put);
    }
    long offset = 0;
    for (Entry e : entries) {
      ObjectNode t = header.putObject(e.name);
      t.put("dtype", e.dtype.name());
      ArrayNode shape = t.putArray("shape");
      for (long d : e.shape) shape.add(d);
      long len = e.data.capacity();
      t.putArray("data_offsets").add(offset).add(offset + len);
      offset += len;
    }
    byte[] h = json.writeValueAsBytes(header);
    int padded = (h.length + 7) & ~7; // data section 8-byte aligned, padded with spaces as the format allows
    byte[] headerBytes = new byte[padded];
    java.util.Arrays.fill(headerBytes, (byte) ' ');
    System.arraycopy(h, 0, headerBytes, 0, h.length);
    AtomicFiles.write(file, out -> {
      ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, padded);
      out.write(len.array());
      out.write(headerBytes);
      for (Entry e : entries) out.write(e.data.array());
    });
  }

}
