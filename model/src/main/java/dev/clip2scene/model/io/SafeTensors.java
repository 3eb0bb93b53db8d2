package dev.clip2scene.model.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A safetensors file, memory-mapped one tensor at a time: an 8-byte little-endian header length, a JSON header
 * (name -> dtype, shape, data_offsets; optional __metadata__), then the raw little-endian data. Nothing is read
 * until a tensor is asked for, so a 600 MB CLIP checkpoint costs no heap to open.
 */
public final class SafeTensors implements AutoCloseable {
  /** The format's own bound on the header, which keeps a corrupt length from allocating gigabytes. */
  static final long MAX_HEADER_BYTES = 100L << 20;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final FileChannel channel;
  private final long dataStart;
  private final Map<String, TensorInfo> tensors;
  private final Map<String, String> metadata;

  private SafeTensors(Path file, FileChannel channel, long dataStart, Map<String, TensorInfo> tensors,
      Map<String, String> metadata) {
    this.file = file;
    this.channel = channel;
    this.dataStart = dataStart;
    this.tensors = tensors;
    this.metadata = metadata;
  }

  /** Opens FILE and validates its header against the file's size. */
  public static SafeTensors open(Path file) {
    FileChannel ch;
    try {
      ch = FileChannel.open(file, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      throw new TensorFileException("weights file not found: " + file);
    } catch (IOException e) {
      throw new TensorFileException("cannot open " + file + ": " + e.getMessage(), e);
    }
    try {
      long size = ch.size();
      if (size < 8) throw new TensorFileException(file + ": " + size + " bytes, too short for a safetensors header");
      ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      readFully(ch, len, 0, file);
      long headerLen = len.getLong(0);
      if (headerLen <= 0 || headerLen > MAX_HEADER_BYTES || headerLen > size - 8) {
        throw new TensorFileException(file + ": header length " + headerLen + " at offset 0 is invalid for a file of "
            + size + " bytes (not a safetensors file, or truncated)");
      }
      ByteBuffer header = ByteBuffer.allocate((int) headerLen);
      readFully(ch, header, 8, file);
      long dataStart = 8 + headerLen;
      SafeTensors st = parseHeader(file, ch, header.array(), dataStart, size - dataStart);
      return st;
    } catch (RuntimeException | IOException e) {
      try {
        ch.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      if (e instanceof TensorFileException t) throw t;
      throw new TensorFileException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static SafeTensors parseHeader(Path file, FileChannel ch, byte[] header, long dataStart, long dataLength)
      throws IOException {
    JsonNode root;
    try {
      root = JSON.readTree(header);
    } catch (IOException e) {
      throw new TensorFileException(file + ": header at offset 8 is not valid JSON: " + e.getMessage());
    }
    if (root == null || !root.isObject()) throw new TensorFileException(file + ": header at offset 8 is not a JSON object");
    Map<String, TensorInfo> tensors = new LinkedHashMap<>();
    Map<String, String> metadata = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String name = e.getKey();
      JsonNode v = e.getValue();
      if (name.equals("__metadata__")) {
        v.fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
        continue;
      }
      String where = file + ": tensor '" + name + "'";
      JsonNode shapeNode = v.get("shape");
      JsonNode offsets = v.get("data_offsets");
      if (v.get("dtype") == null || shapeNode == null || !shapeNode.isArray() || offsets == null || offsets.size() != 2) {
        throw new TensorFileException(where + ": header entry needs dtype, shape and data_offsets [begin, end]");
      }
      DType dtype = DType.ofSafetensors(v.get("dtype").asText(), where);
      long[] shape = new long[shapeNode.size()];
      for (int i = 0; i < shape.length; i++) {
        JsonNode d = shapeNode.get(i);
        if (!d.isIntegralNumber() || !d.canConvertToLong()) {
          throw new TensorFileException(where + ": shape entry " + d + " is not a 64-bit integer");
        }
        shape[i] = d.asLong();
      }
      long begin = offsets.get(0).asLong(-1);
      long end = offsets.get(1).asLong(-1);
      long expected = Shapes.byteLength(shape, dtype, where);
      if (begin < 0 || end < begin || end > dataLength) {
        throw new TensorFileException(where + ": data_offsets [" + begin + ", " + end + "] lie outside the "
            + dataLength + "-byte data section (truncated file?)");
      }
      if (end - begin != expected) {
        throw new TensorFileException(where + ": " + (end - begin) + " bytes stored for shape " + Shapes.format(shape)
            + " of " + dtype + ", which needs " + expected);
      }
      tensors.put(name, new TensorInfo(name, dtype, shape, begin, end));
    }
    return new SafeTensors(file, ch, dataStart, Collections.unmodifiableMap(tensors), Collections.unmodifiableMap(metadata));
  }

  private static void readFully(FileChannel ch, ByteBuffer buf, long pos, Path file) throws IOException {
    while (buf.hasRemaining()) {
      int n = ch.read(buf, pos + buf.position());
      if (n < 0) throw new TensorFileException(file + ": unexpected end of file at offset " + (pos + buf.position()));
    }
  }

  public Path file() {
    return file;
  }

  public Set<String> names() {
    return tensors.keySet();
  }

  public boolean contains(String name) {
    return tensors.containsKey(name);
  }

  public Map<String, String> metadata() {
    return metadata;
  }

  /** The header entry of NAME; a missing key is an error naming the key and the file. */
  public TensorInfo info(String name) {
    TensorInfo t = tensors.get(name);
    if (t == null) throw new TensorFileException(file + ": no tensor named '" + name + "'");
    return t;
  }

  /** The tensor's bytes, mapped read-only, little-endian. */
  public ByteBuffer raw(String name) {
    TensorInfo t = info(name);
    try {
      if (t.byteLength() == 0) return ByteBuffer.allocate(0).order(ByteOrder.LITTLE_ENDIAN);
      return channel.map(FileChannel.MapMode.READ_ONLY, dataStart + t.begin(), t.byteLength()).order(ByteOrder.LITTLE_ENDIAN);
    } catch (IOException e) {
      throw new TensorFileException(file + ": cannot map tensor '" + name + "': " + e.getMessage(), e);
    }
  }

  /** NAME as float32, converted from F64/F32/F16/BF16. */
  public float[] floats(String name) {
    TensorInfo t = info(name);
    if (!t.dtype().isFloating()) {
      throw new TensorFileException(file + ": tensor '" + name + "' is " + t.dtype() + ", expected a floating type");
    }
    return Conversions.toFloats(raw(name), t.dtype(), Shapes.arrayLength(t.elements(), file + ": tensor '" + name + "'"));
  }

  /** NAME as float32, after checking its shape is EXPECTED; a mismatch names the key and both shapes. */
  public float[] floats(String name, long... expected) {
    requireShape(name, expected);
    return floats(name);
  }

  /** NAME as int64, converted from I64/I32/I16/I8/U8. */
  public long[] longs(String name) {
    TensorInfo t = info(name);
    return Conversions.toLongs(raw(name), t.dtype(), Shapes.arrayLength(t.elements(), file + ": tensor '" + name + "'"),
        file + ": tensor '" + name + "'");
  }

  public long[] shape(String name) {
    return info(name).shape().clone();
  }

  /** Fails with the key and both shapes unless NAME has shape EXPECTED. */
  public void requireShape(String name, long... expected) {
    long[] actual = info(name).shape();
    if (!java.util.Arrays.equals(actual, expected)) {
      throw new TensorFileException(file + ": tensor '" + name + "' has shape " + Shapes.format(actual)
          + ", expected " + Shapes.format(expected));
    }
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      throw new TensorFileException("cannot close " + file + ": " + e.getMessage(), e);
    }
  }
}
