package dev.clip2scene.msgs.rosidljava;

import java.util.AbstractList;
import java.util.RandomAccess;

/**
 * A byte[] seen as the List&lt;Byte&gt; that rosidl_generator_java's classes hold for uint8/int8/byte/char arrays, without
 * boxing each element (Byte.valueOf is cached). The encoder reads the array back directly.
 */
final class ByteList extends AbstractList<Byte> implements RandomAccess {
  private final byte[] bytes;

  ByteList(byte[] bytes) {
    this.bytes = bytes;
  }

  byte[] array() {
    return bytes;
  }

  @Override
  public Byte get(int index) {
    return bytes[index];
  }

  @Override
  public Byte set(int index, Byte value) {
    byte old = bytes[index];
    bytes[index] = value;
    return old;
  }

  @Override
  public int size() {
    return bytes.length;
  }
}
