package dev.clip2scene.model.voxel;

import java.util.Arrays;

/** Open-addressing hash from packed voxel keys (non-negative longs) to int indices, linear probing, no boxing. */
public final class CoordHash {
  private static final long EMPTY = -1L;
  private final long[] keys;
  private final int[] values;
  private final int mask;
  private int size;

  public CoordHash(int expected) {
    int capacity = Integer.highestOneBit(Math.max(16, expected) * 2 - 1) << 1; // load factor <= 0.5
    keys = new long[capacity];
    values = new int[capacity];
    Arrays.fill(keys, EMPTY);
    mask = capacity - 1;
  }

  private static int slot(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 29) ^ (h >>> 47));
  }

  /** Inserts key -> value unless present; returns the existing value, or -1 when inserted. */
  public int putIfAbsent(long key, int value) {
    if (size * 2 >= keys.length) throw new IllegalStateException("CoordHash full: built for fewer keys");
    int i = slot(key) & mask;
    while (true) {
      long k = keys[i];
      if (k == EMPTY) {
        keys[i] = key;
        values[i] = value;
        size++;
        return -1;
      }
      if (k == key) return values[i];
      i = (i + 1) & mask;
    }
  }

  /** The value for key, or -1 when absent. Safe for concurrent readers once building is done. */
  public int get(long key) {
    int i = slot(key) & mask;
    while (true) {
      long k = keys[i];
      if (k == key) return values[i];
      if (k == EMPTY) return -1;
      i = (i + 1) & mask;
    }
  }

  public int size() {
    return size;
  }

  /** Builds a hash mapping keys[i] -> i; keys must be distinct. */
  public static CoordHash indexOf(long[] keys) {
    CoordHash h = new CoordHash(keys.length);
    for (int i = 0; i < keys.length; i++) {
      if (h.putIfAbsent(keys[i], i) >= 0) throw new IllegalArgumentException("duplicate voxel key at " + i);
    }
    return h;
  }
}
