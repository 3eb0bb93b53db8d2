package dev.clip2scene.model.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads and writes NumPy .npy files (format versions 1 to 3), the exchange format for arrays and embeddings. */
public final class Npy {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']+)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

  private Npy() {}

  public static NpyArray read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new TensorFileException("array file not found: " + file);
    } catch (IOException e) {
      throw new TensorFileException("cannot read " + file + ": " + e.getMessage(), e);
    }
    return parse(bytes, file.toString());
  }

  static NpyArray parse(byte[] bytes, String where) {
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    if (bytes.length < 10 || !java.util.Arrays.equals(java.util.Arrays.copyOf(bytes, 6), MAGIC)) {
      throw new TensorFileException(where + ": not a .npy file (magic bytes missing at offset 0)");
    }
    int major = bytes[6];
    long headerLen;
    int headerStart;
    if (major == 1) {
      headerLen = b.getShort(8) & 0xffff;
      headerStart = 10;
    } else if (major == 2 || major == 3) {
      if (bytes.length < 12) throw new TensorFileException(where + ": truncated header at offset 8");
      headerLen = b.getInt(8) & 0xffffffffL;
      headerStart = 12;
    } else {
      throw new TensorFileException(where + ": unsupported .npy version " + major + " at offset 6");
    }
    if (headerStart + headerLen > bytes.length) {
      throw new TensorFileException(where + ": header of " + headerLen + " bytes runs past the end of the file");
    }
    String header = new String(bytes, headerStart, (int) headerLen, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    Matcher d = DESCR.matcher(header);
    Matcher f = FORTRAN.matcher(header);
    Matcher s = SHAPE.matcher(header);
    if (!d.find() || !f.find() || !s.find()) throw new TensorFileException(where + ": malformed header: " + header.trim());
    if (f.group(1).equals("True")) throw new TensorFileException(where + ": Fortran-order arrays are not supported");
    DType dtype = DType.ofNumpy(d.group(1), where);
    String[] dims = s.group(1).split(",");
    long[] shape = java.util.Arrays.stream(dims).map(String::trim).filter(x -> !x.isEmpty()).mapToLong(x -> {
      try {
        return Long.parseLong(x.replace("L", ""));
      } catch (NumberFormatException e) {
        throw new TensorFileException(where + ": bad shape entry '" + x + "'");
      }
    }).toArray();
    long need = Shapes.byteLength(shape, dtype, where);
    long dataStart = headerStart + headerLen;
    if (bytes.length - dataStart != need) {
      throw new TensorFileException(where + ": " + (bytes.length - dataStart) + " data bytes at offset " + dataStart
          + " for shape " + Shapes.format(shape) + " of " + dtype + ", which needs " + need + " (truncated?)");
    }
    ByteBuffer data = ByteBuffer.wrap(bytes, (int) dataStart, (int) need).slice().order(ByteOrder.LITTLE_ENDIAN);
    return new NpyArray(dtype, shape, data, where);
  }

  public static void writeFloats(Path file, long[] shape, float[] values) throws IOException {
    ByteBuffer data = payload(file, shape, values.length, DType.F32);
    data.asFloatBuffer().put(values);
    write(file, DType.F32, shape, data);
  }

  /** Float16 (numpy '<f2'), each value rounded to the nearest half: half the size, about 3 significant digits. */
  public static void writeHalfs(Path file, long[] shape, float[] values) throws IOException {
    ByteBuffer data = payload(file, shape, values.length, DType.F16);
    for (float v : values) data.putShort(HalfFloats.toHalf(v));
    data.flip();
    write(file, DType.F16, shape, data);
  }

  public static void writeInts(Path file, long[] shape, int[] values) throws IOException {
    ByteBuffer data = payload(file, shape, values.length, DType.I32);
    data.asIntBuffer().put(values);
    write(file, DType.I32, shape, data);
  }

  private static ByteBuffer payload(Path file, long[] shape, int length, DType dtype) {
    if (Shapes.elements(shape, file.toString()) != length) {
      throw new IllegalArgumentException(file + ": " + length + " values for shape " + Shapes.format(shape));
    }
    return ByteBuffer.allocate(Math.multiplyExact(length, dtype.size())).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static void write(Path file, DType dtype, long[] shape, ByteBuffer data) throws IOException {
    StringBuilder dims = new StringBuilder();
    for (long d : shape) dims.append(d).append(", ");
    if (shape.length > 1) dims.setLength(dims.length() - 2);
    else if (shape.length == 1) dims.setLength(dims.length() - 1);
    String dict = String.format(Locale.ROOT, "{'descr': '%s', 'fortran_order': False, 'shape': (%s), }",
        dtype.numpyDescr(), dims.toString().trim());
    int total = 10 + dict.length() + 1;
    int pad = (64 - total % 64) % 64; // data 64-byte aligned, as numpy writes it
    String header = dict + " ".repeat(pad) + "\n";
    ByteBuffer pre = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
    pre.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
    AtomicFiles.write(file, out -> {
      out.write(pre.array());
      out.write(header.getBytes(StandardCharsets.ISO_8859_1));
      out.write(data.array());
    });
  }
}
