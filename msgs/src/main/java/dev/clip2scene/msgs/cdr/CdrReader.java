package dev.clip2scene.msgs.cdr;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one XCDR1 (plain CDR) payload: the 4-byte encapsulation header, then fields aligned to their size counted
 * from the byte after the header (8-byte types to 8). Every read names its field so that a failure reports the
 * message type, the field path and the byte offset; every length or count is checked against the bytes that remain
 * before anything is allocated.
 */
public final class CdrReader {
  /** At most this many bytes may follow the last field (XCDR1 pads a payload to a multiple of 4). */
  public static final int MAX_TRAILING_PADDING = 3;

  private final byte[] buf;
  private final int start;
  private final int origin;
  private final int end;
  private final boolean little;
  private final String messageType;
  private int pos;
  private final FieldPath path = new FieldPath();

  private CdrReader(byte[] buf, int start, int length, String messageType) {
    if (start < 0 || length < 0 || start > buf.length - length) {
      throw new IllegalArgumentException("range " + start + "+" + length + " outside a buffer of " + buf.length);
    }
    this.buf = buf;
    this.start = start;
    this.end = start + length;
    this.messageType = messageType;
    this.little = Encapsulation.byteOrder(buf, start, length, messageType) == ByteOrder.LITTLE_ENDIAN;
    this.origin = start + Encapsulation.HEADER_BYTES;
    this.pos = origin;
  }

  /** A reader over a whole payload (encapsulation header included); MESSAGETYPE names the type in errors. */
  public static CdrReader of(byte[] payload, String messageType) {
    return new CdrReader(payload, 0, payload.length, messageType);
  }

  /** A reader over LENGTH bytes of BUF from START (the encapsulation header's first byte). */
  public static CdrReader of(byte[] buf, int start, int length, String messageType) {
    return new CdrReader(buf, start, length, messageType);
  }

  public ByteOrder order() {
    return little ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
  }

  public boolean isLittleEndian() {
    return little;
  }

  public String messageType() {
    return messageType;
  }

  /** The underlying array (shared, never copied): views read their bulk data straight from it. */
  public byte[] buffer() {
    return buf;
  }

  /** Offset of the next byte to read, relative to the payload's first byte (the encapsulation header). */
  public int offset() {
    return pos - start;
  }

  public int remaining() {
    return end - pos;
  }

  // ---- structure -------------------------------------------------------------------------------------------

  /** Reads a nested message NAME with CODEC. */
  public <T> T nested(String name, CdrDecoder<T> codec) {
    path.push(name);
    T v = codec.read(this);
    path.pop();
    return v;
  }

  /** Reads sequence NAME (u32 count, then elements) of nested messages. */
  public <T> List<T> sequence(String name, CdrDecoder<T> codec) {
    int n = sequenceLength(name, 1);
    List<T> out = new ArrayList<>(Math.min(n, 16));
    path.push(name);
    for (int i = 0; i < n; i++) {
      path.index(i);
      out.add(codec.read(this));
      path.unindex();
    }
    path.pop();
    return out;
  }

  /**
   * Reads a sequence count for NAME and checks that COUNT * MINELEMENTBYTES bytes can still follow, so a corrupt
   * count never drives an allocation.
   */
  public int sequenceLength(String name, int minElementBytes) {
    int at = take(name, 4, 4);
    long n = Integer.toUnsignedLong(ByteOrderAccess.getInt(buf, at, little));
    if (n * minElementBytes > remaining()) {
      throw error(name, at, "sequence count " + n + " needs at least " + n * minElementBytes + " bytes, only "
          + remaining() + " remain");
    }
    return (int) n;
  }

  /** Checks after the last field: at most {@value #MAX_TRAILING_PADDING} trailing bytes may remain. */
  public void finish() {
    if (remaining() > MAX_TRAILING_PADDING) {
      throw error("(end of message)", pos, remaining() + " unexpected trailing bytes after the last field");
    }
  }

  // ---- primitives ------------------------------------------------------------------------------------------

  public boolean bool(String name) {
    int at = take(name, 1, 1);
    return buf[at] != 0;
  }

  public byte int8(String name) {
    return buf[take(name, 1, 1)];
  }

  public int uint8(String name) {
    return buf[take(name, 1, 1)] & 0xff;
  }

  public short int16(String name) {
    return ByteOrderAccess.getShort(buf, take(name, 2, 2), little);
  }

  public int uint16(String name) {
    return int16(name) & 0xffff;
  }

  public int int32(String name) {
    return ByteOrderAccess.getInt(buf, take(name, 4, 4), little);
  }

  /** A uint32 as its raw bits in an int (callers use Integer.toUnsignedLong where the sign matters). */
  public int uint32(String name) {
    return int32(name);
  }

  public long int64(String name) {
    return ByteOrderAccess.getLong(buf, take(name, 8, 8), little);
  }

  public float float32(String name) {
    return ByteOrderAccess.getFloat(buf, take(name, 4, 4), little);
  }

  public double float64(String name) {
    return ByteOrderAccess.getDouble(buf, take(name, 8, 8), little);
  }

  /** A string: u32 length including the terminating NUL, the UTF-8 bytes, the NUL. A length of 0 reads as "". */
  public String string(String name) {
    int at = take(name, 4, 4);
    long n = Integer.toUnsignedLong(ByteOrderAccess.getInt(buf, at, little));
    if (n > remaining()) {
      throw error(name, at, "string length " + n + " runs past the end (" + remaining() + " bytes remain)");
    }
    if (n == 0) return "";
    int body = pos;
    if (buf[body + (int) n - 1] != 0) {
      throw error(name, at, "string of length " + n + " is not NUL-terminated");
    }
    pos += (int) n;
    return new String(buf, body, (int) n - 1, StandardCharsets.UTF_8);
  }

  // ---- arrays ----------------------------------------------------------------------------------------------

  /** A uint8[] sequence, copied out. */
  public byte[] uint8Sequence(String name) {
    int n = sequenceLength(name, 1);
    byte[] out = new byte[n];
    System.arraycopy(buf, pos, out, 0, n);
    pos += n;
    return out;
  }

  /**
   * Skips N bytes already counted by {@link #sequenceLength} for NAME and returns the absolute array position of the
   * first (zero-copy access to bulk data).
   */
  public int skip(String name, int n) {
    if (n < 0 || n > remaining()) throw error(name, "needs " + n + " bytes, only " + remaining() + " remain");
    int at = pos;
    pos += n;
    return at;
  }

  public int[] uint16Sequence(String name) {
    int n = sequenceLength(name, 2);
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = ByteOrderAccess.getShort(buf, take(name, 2, 2), little) & 0xffff;
    }
    return out;
  }

  public double[] float64Sequence(String name) {
    return float64Array(name, sequenceLength(name, 8));
  }

  /** A fixed-size float64[N] array (no count prefix). */
  public double[] float64Array(String name, int n) {
    if ((long) n * 8 > remaining()) {
      throw error(name, pos, "float64[" + n + "] needs " + n * 8L + " bytes, only " + remaining() + " remain");
    }
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = ByteOrderAccess.getDouble(buf, take(name, 8, 8), little);
    }
    return out;
  }

  public List<String> stringSequence(String name) {
    int n = sequenceLength(name, 4);
    List<String> out = new ArrayList<>(Math.min(n, 16));
    path.push(name);
    for (int i = 0; i < n; i++) {
      path.index(i);
      out.add(string(""));
      path.unindex();
    }
    path.pop();
    return out;
  }

  // ---- errors ----------------------------------------------------------------------------------------------

  /** An error about NAME at absolute array position AT. */
  public CdrException error(String name, int at, String problem) {
    return new CdrException(messageType, path.with(name), at - start, problem);
  }

  /** An error about NAME at the current position. */
  public CdrException error(String name, String problem) {
    return error(name, pos, problem);
  }

  /** Aligns to ALIGN (from the byte after the header), checks SIZE bytes remain, advances; returns their start. */
  private int take(String name, int align, int size) {
    int at = pos + ((origin - pos) & (align - 1));
    if (at > end || size > end - at) {
      throw error(name, Math.min(at, end), "needs " + size + " bytes, only " + Math.max(0, end - at)
          + " remain (payload of " + (end - start) + " bytes)");
    }
    pos = at + size;
    return at;
  }
}
