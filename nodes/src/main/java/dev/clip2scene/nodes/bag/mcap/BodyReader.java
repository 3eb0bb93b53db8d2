package dev.clip2scene.nodes.bag.mcap;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads MCAP primitive fields (little endian) from a record body inside a byte array, refusing to run past the body:
 * a length prefix larger than what is left throws {@link Malformed} rather than allocating.
 */
final class BodyReader {
  /** A field that does not fit its record; the caller adds file and offset. */
  static final class Malformed extends RuntimeException {
    Malformed(String message) {
      super(message);
    }
  }

  private final byte[] buf;
  private int pos;
  private final int end;

  BodyReader(byte[] buf, int offset, int length) {
    this.buf = buf;
    this.pos = offset;
    this.end = offset + length;
  }

  int position() {
    return pos;
  }

  private void need(int n, String field) {
    if (n < 0 || n > end - pos) {
      throw new Malformed(field + " needs " + Integer.toUnsignedString(n) + " bytes, " + (end - pos) + " left");
    }
  }

  int u8(String field) {
    need(1, field);
    return buf[pos++] & 0xFF;
  }

  int u16(String field) {
    need(2, field);
    int v = Bytes.u16(buf, pos);
    pos += 2;
    return v;
  }

  long u32(String field) {
    need(4, field);
    long v = Bytes.u32(buf, pos);
    pos += 4;
    return v;
  }

  long u64(String field) {
    need(8, field);
    long v = Bytes.u64(buf, pos);
    pos += 8;
    return v;
  }

  /** A u32 length, checked to fit in what is left. */
  int length32(String field) {
    long n = u32(field);
    if (n > end - pos) throw new Malformed(field + " length " + n + " exceeds the " + (end - pos) + " bytes left");
    return (int) n;
  }

  /** A u64 length, checked to fit in what is left. */
  int length64(String field) {
    long n = u64(field);
    if (n < 0 || n > end - pos) {
      throw new Malformed(field + " length " + Long.toUnsignedString(n) + " exceeds the " + (end - pos)
          + " bytes left");
    }
    return (int) n;
  }

  String string(String field) {
    int n = length32(field);
    String s = new String(buf, pos, n, StandardCharsets.UTF_8);
    pos += n;
    return s;
  }

  byte[] bytes32(String field) {
    int n = length32(field);
    byte[] b = java.util.Arrays.copyOfRange(buf, pos, pos + n);
    pos += n;
    return b;
  }

  Map<String, String> stringMap(String field) {
    int n = length32(field);
    int stop = pos + n;
    Map<String, String> map = new LinkedHashMap<>();
    while (pos < stop) {
      String k = string(field + " key");
      String v = string(field + " value");
      map.put(k, v);
    }
    if (pos != stop) throw new Malformed(field + " entries overrun the map's length");
    return map;
  }

  /** Map&lt;uint16, uint64&gt; as MCAP stores it (u32 byte length, then pairs). */
  Map<Integer, Long> u16u64Map(String field) {
    int n = length32(field);
    if (n % 10 != 0) throw new Malformed(field + " length " + n + " is not a multiple of 10");
    Map<Integer, Long> map = new LinkedHashMap<>();
    for (int i = 0; i < n; i += 10) map.put(u16(field + " key"), u64(field + " value"));
    return map;
  }
}
