package dev.clip2scene.model.loss;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Points grouped into cubic grid cells of the stitched cloud, at most {@code capacity} points per cell (the
 * first ones by point index, so the grouping is deterministic). {@code members} holds cellCount x capacity point
 * indices, padded with -1.
 */
public record GridCells(int cellCount, int capacity, int[] members) {
  public static final double REFERENCE_CELL_SIZE = 0.1;
  public static final int REFERENCE_CAPACITY = 8;

  /** Groups the points of XYZ (x, y, z interleaved); non-finite points join no cell. */
  public static GridCells of(float[] xyz, double cellSize, int capacity) {
    if (!(cellSize > 0)) throw new IllegalArgumentException("cell size must be > 0, got " + cellSize);
    if (capacity < 1) throw new IllegalArgumentException("cell capacity must be >= 1, got " + capacity);
    if (xyz.length % 3 != 0) throw new IllegalArgumentException("xyz length " + xyz.length + " is not a multiple of 3");
    int n = xyz.length / 3;
    Map<Long, Integer> cellOf = new HashMap<>();
    int[] members = new int[Math.max(n, 1) * capacity];
    Arrays.fill(members, -1);
    int[] fill = new int[Math.max(n, 1)];
    for (int i = 0; i < n; i++) {
      float x = xyz[3 * i], y = xyz[3 * i + 1], z = xyz[3 * i + 2];
      if (!Float.isFinite(x) || !Float.isFinite(y) || !Float.isFinite(z)) continue;
      long key = pack((long) Math.floor(x / cellSize), (long) Math.floor(y / cellSize), (long) Math.floor(z / cellSize));
      int cell = cellOf.computeIfAbsent(key, k -> cellOf.size());
      if (fill[cell] < capacity) members[cell * capacity + fill[cell]++] = i;
    }
    int cells = cellOf.size();
    return new GridCells(cells, capacity, Arrays.copyOf(members, cells * capacity));
  }

  /** 21 bits per axis, enough for +-100 km at 0.1 m. */
  private static long pack(long x, long y, long z) {
    long mask = (1L << 21) - 1;
    return ((x & mask) << 42) | ((y & mask) << 21) | (z & mask);
  }

  public int member(int cell, int slot) {
    return members[cell * capacity + slot];
  }
}
