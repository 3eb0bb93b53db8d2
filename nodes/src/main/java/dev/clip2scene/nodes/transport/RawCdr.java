package dev.clip2scene.nodes.transport;

import java.nio.ByteBuffer;

/**
 * The mutable holder DDS serializes from and deserializes into: one raw CDR sample including its 4-byte
 * encapsulation header. On the writing side it holds the caller's array; on the reading side a view of the
 * library's receive buffer, valid until the next take, which {@link #copyOut(int)} copies into a fresh array.
 * A sample the reader refused for its size leaves {@link #refusedBytes()} set instead.
 */
public final class RawCdr {
  private byte[] bytes = new byte[0];
  private int length;
  private ByteBuffer received;
  private int refusedBytes;

  /** The array holding the sample to write: its first {@link #length()} bytes. */
  public byte[] bytes() {
    return bytes;
  }

  public int length() {
    return length;
  }

  public void set(byte[] cdr) {
    set(cdr, cdr.length);
  }

  /** Holds the first LENGTH bytes of CDR (the caller's array, not copied) for writing. */
  public void set(byte[] cdr, int length) {
    if (length < 0 || length > cdr.length) throw new IllegalArgumentException("length " + length + " of a " + cdr.length + "-byte array");
    this.bytes = cdr;
    this.length = length;
    this.received = null;
    this.refusedBytes = 0;
  }

  void receive(ByteBuffer buffer) {
    this.received = buffer;
    this.refusedBytes = 0;
  }

  /**
   * The received sample as a new array of at most LENGTH bytes: the library rounds the buffer's length up,
   * the sample info carries the length the writer sent.
   */
  byte[] copyOut(int length) {
    int n = length > 0 ? Math.min(length, received.limit()) : received.limit();
    byte[] cdr = new byte[n];
    received.get(0, cdr, 0, n);
    return cdr;
  }

  /** The size of the last sample refused as oversized, 0 when the last sample was accepted. */
  public int refusedBytes() {
    return refusedBytes;
  }

  void refuse(int size) {
    this.received = null;
    this.refusedBytes = size;
  }
}
