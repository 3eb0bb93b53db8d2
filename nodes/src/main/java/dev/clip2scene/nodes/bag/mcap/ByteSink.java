package dev.clip2scene.nodes.bag.mcap;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/** A growable little-endian byte buffer in which MCAP records are composed. */
final class ByteSink {
  private byte[] buf;
  private int size;

  ByteSink(int capacity) {
    buf = new byte[Math.max(64, capacity)];
  }

  int size() {
    return size;
  }

  byte[] array() {
    return buf;
  }

  void reset() {
    size = 0;
  }

  private void ensure(int more) {
    if (size + more > buf.length) {
      long want = Math.max((long) buf.length * 2, (long) size + more);
      if (want > Integer.MAX_VALUE - 16) throw new IllegalStateException("record buffer above 2 GiB");
      buf = Arrays.copyOf(buf, (int) want);
    }
  }

  ByteSink u8(int v) {
    ensure(1);
    buf[size++] = (byte) v;
    return this;
  }

  ByteSink u16(int v) {
    ensure(2);
    Bytes.putU16(buf, size, v);
    size += 2;
    return this;
  }

  ByteSink u32(long v) {
    ensure(4);
    Bytes.putU32(buf, size, v);
    size += 4;
    return this;
  }

  ByteSink u64(long v) {
    ensure(8);
    Bytes.putU64(buf, size, v);
    size += 8;
    return this;
  }

  ByteSink raw(byte[] b, int off, int len) {
    ensure(len);
    System.arraycopy(b, off, buf, size, len);
    size += len;
    return this;
  }

  ByteSink string(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    u32(b.length);
    return raw(b, 0, b.length);
  }

  ByteSink bytes32(byte[] b) {
    u32(b.length);
    return raw(b, 0, b.length);
  }

  ByteSink stringMap(Map<String, String> map) {
    int lenAt = size;
    u32(0);
    for (Map.Entry<String, String> e : map.entrySet()) string(e.getKey()).string(e.getValue());
    Bytes.putU32(buf, lenAt, size - lenAt - 4);
    return this;
  }

  ByteSink u16u64Map(Map<Integer, Long> map) {
    u32(map.size() * 10L);
    map.forEach((k, v) -> u16(k).u64(v));
    return this;
  }

  /** Starts a record: opcode and a length placeholder; returns the position to pass to {@link #endRecord}. */
  int beginRecord(int opcode) {
    u8(opcode);
    u64(0);
    return size;
  }

  void endRecord(int bodyStart) {
    Bytes.putU64(buf, bodyStart - 8, size - bodyStart);
  }
}
