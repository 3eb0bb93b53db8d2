package dev.clip2scene.msgs.cdr;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Writes one XCDR1 payload: encapsulation header, then fields aligned like {@link CdrReader} expects. No trailing
 * padding is added (the bytes end with the last field, as rmw implementations and rosbag2 store them).
 */
public final class CdrWriter {
  private final boolean little;
  private byte[] buf;
  private int pos;

  public CdrWriter(ByteOrder order, int initialCapacity) {
    this(order, new byte[Math.max(initialCapacity, 64)]);
  }

  public CdrWriter(ByteOrder order) {
    this(order, 256);
  }

  /**
   * A writer that starts over in REUSE, a buffer kept from payload to payload (grown when too small: {@link #buffer()}
   * is the array written to). What REUSE held before is overwritten, padding included.
   */
  public CdrWriter(ByteOrder order, byte[] reuse) {
    this.little = order == ByteOrder.LITTLE_ENDIAN;
    this.buf = reuse.length >= 64 ? reuse : new byte[64];
    Encapsulation.write(buf, order);
    this.pos = Encapsulation.HEADER_BYTES;
  }

  public boolean isLittleEndian() {
    return little;
  }

  /** The payload written so far, header included (a copy of exactly that many bytes). */
  public byte[] toByteArray() {
    return Arrays.copyOf(buf, pos);
  }

  /** The array written to, not copied: the payload is its first {@link #size()} bytes. */
  public byte[] buffer() {
    return buf;
  }

  /** Bytes written so far, header included. */
  public int size() {
    return pos;
  }

  /**
   * Reserves LENGTH bytes (no alignment) for the caller to fill in {@link #buffer()} afterwards, e.g. the elements of
   * a uint8 sequence written in place; returns where they start.
   */
  public int reserve(int length) {
    if (length < 0) throw new IllegalArgumentException("negative length " + length);
    return take(1, length);
  }

  public <T> CdrWriter nested(CdrCodec<T> codec, T value) {
    codec.write(this, value);
    return this;
  }

  public <T> CdrWriter sequence(CdrCodec<T> codec, List<T> values) {
    sequenceLength(values.size());
    for (T v : values) codec.write(this, v);
    return this;
  }

  public CdrWriter sequenceLength(int n) {
    return uint32(n);
  }

  public CdrWriter bool(boolean v) {
    return int8((byte) (v ? 1 : 0));
  }

  public CdrWriter int8(byte v) {
    int at = take(1, 1);
    buf[at] = v;
    return this;
  }

  /** Writes the low 8 bits of V. */
  public CdrWriter uint8(int v) {
    return int8((byte) v);
  }

  public CdrWriter int16(short v) {
    int at = take(2, 2);
    ByteOrderAccess.putShort(buf, at, v, little);
    return this;
  }

  /** Writes the low 16 bits of V. */
  public CdrWriter uint16(int v) {
    return int16((short) v);
  }

  public CdrWriter int32(int v) {
    int at = take(4, 4);
    ByteOrderAccess.putInt(buf, at, v, little);
    return this;
  }

  /** Writes V's 32 bits (an unsigned value held in an int). */
  public CdrWriter uint32(int v) {
    return int32(v);
  }

  public CdrWriter int64(long v) {
    int at = take(8, 8);
    ByteOrderAccess.putLong(buf, at, v, little);
    return this;
  }

  public CdrWriter float32(float v) {
    int at = take(4, 4);
    ByteOrderAccess.putFloat(buf, at, v, little);
    return this;
  }

  public CdrWriter float64(double v) {
    int at = take(8, 8);
    ByteOrderAccess.putDouble(buf, at, v, little);
    return this;
  }

  public CdrWriter string(String v) {
    byte[] utf8 = v.getBytes(StandardCharsets.UTF_8);
    uint32(utf8.length + 1);
    int at = take(1, utf8.length + 1);
    System.arraycopy(utf8, 0, buf, at, utf8.length);
    buf[at + utf8.length] = 0;
    return this;
  }

  public CdrWriter stringSequence(List<String> values) {
    sequenceLength(values.size());
    for (String s : values) string(s);
    return this;
  }

  public CdrWriter uint8Sequence(byte[] v) {
    return uint8Sequence(v, 0, v.length);
  }

  public CdrWriter uint8Sequence(byte[] v, int from, int length) {
    sequenceLength(length);
    int at = take(1, length);
    System.arraycopy(v, from, buf, at, length);
    return this;
  }

  public CdrWriter uint16Sequence(int[] v) {
    sequenceLength(v.length);
    for (int x : v) uint16(x);
    return this;
  }

  public CdrWriter float64Sequence(double[] v) {
    sequenceLength(v.length);
    return float64Array(v);
  }

  /** A fixed-size float64 array: no count prefix. */
  public CdrWriter float64Array(double[] v) {
    for (double x : v) float64(x);
    return this;
  }

  /** Pads to ALIGN (relative to the byte after the header), grows the buffer for SIZE bytes, returns their start. */
  private int take(int align, int size) {
    int at = pos + ((Encapsulation.HEADER_BYTES - pos) & (align - 1));
    long needed = (long) at + size;
    if (needed > buf.length) {
      if (needed > Integer.MAX_VALUE - 16) throw new IllegalStateException("CDR payload over 2 GiB");
      buf = Arrays.copyOf(buf, (int) Math.max(needed, Math.min(Integer.MAX_VALUE - 16, buf.length * 2L)));
    }
    // padding bytes are zero (a reused buffer may hold an earlier payload there)
    for (int i = pos; i < at; i++) buf[i] = 0;
    pos = at + size;
    return at;
  }
}
