package dev.clip2scene.model.sparse;

import dev.clip2scene.model.voxel.CoordHash;
import dev.clip2scene.model.voxel.CoordKeys;
import java.util.stream.IntStream;

/** Builds kernel maps from packed voxel keys with the coordinate hash. */
public final class KernelMaps {
  private static final int CHUNK = 4096;

  private KernelMaps() {}

  /** A stride-2 map and the coarser level's keys it produces. */
  public record Downsampled(long[] coarseKeys, CoordHash coarseHash, KernelMap map) {}

  /**
   * Submanifold convolution of odd size: outputs are the input voxels; pair (j, i) for every neighbour j of i at
   * each non-centre offset. Offsets k and volume-1-k mirror each other, so only half are looked up.
   */
  public static KernelMap submanifold(long[] keys, CoordHash hash, int kernelSize) {
    if (kernelSize < 1 || kernelSize % 2 == 0) throw new IllegalArgumentException("kernel size " + kernelSize + " must be odd");
    int n = keys.length;
    int r = kernelSize / 2;
    int volume = kernelSize * kernelSize * kernelSize;
    int center = volume / 2;
    long[] delta = new long[volume];
    int k = 0;
    for (int dx = -r; dx <= r; dx++) {
      for (int dy = -r; dy <= r; dy++) {
        for (int dz = -r; dz <= r; dz++) delta[k++] = CoordKeys.delta(dx, dy, dz);
      }
    }
    int[] neighbour = new int[volume * n]; // neighbour[k * n + i] = input feeding output i through offset k, or -1
    java.util.Arrays.fill(neighbour, -1);
    IntStream.range(0, (n + CHUNK - 1) / CHUNK).parallel().forEach(c -> {
      int end = Math.min(n, (c + 1) * CHUNK);
      for (int i = c * CHUNK; i < end; i++) {
        long key = keys[i];
        for (int o = 0; o < center; o++) {
          int j = hash.get(key + delta[o]);
          if (j >= 0) {
            neighbour[o * n + i] = j;
            neighbour[(volume - 1 - o) * n + j] = i; // distinct (o, j) per i: no two threads write one slot
          }
        }
      }
    });
    int[] start = new int[volume + 1];
    for (int o = 0; o < volume; o++) {
      int count = 0;
      if (o != center) {
        for (int i = 0; i < n; i++) if (neighbour[o * n + i] >= 0) count++;
      }
      start[o + 1] = start[o] + count;
    }
    int[] in = new int[start[volume]];
    int[] out = new int[start[volume]];
    IntStream.range(0, volume).parallel().filter(o -> o != center).forEach(o -> {
      int p = start[o];
      for (int i = 0; i < n; i++) {
        int j = neighbour[o * n + i];
        if (j >= 0) {
          in[p] = j;
          out[p++] = i;
        }
      }
    });
    return new KernelMap(volume, center, start, in, out, n, n, false);
  }

  /**
   * Stride-2 convolution of size 2: each voxel feeds the voxel of twice the size containing it, through offset
   * (x&1, y&1, z&1). Coarse voxels are numbered in order of first occurrence.
   */
  public static Downsampled down(long[] keys) {
    int n = keys.length;
    CoordHash coarse = new CoordHash(n);
    long[] coarseKeys = new long[n];
    int[] parent = new int[n];
    int[] offset = new int[n];
    int m = 0;
    for (int i = 0; i < n; i++) {
      long key = keys[i];
      long c = CoordKeys.coarsen(key);
      int v = coarse.putIfAbsent(c, m);
      if (v < 0) {
        coarseKeys[m] = c;
        v = m++;
      }
      parent[i] = v;
      offset[i] = ((CoordKeys.x(key) & 1) << 2) | ((CoordKeys.y(key) & 1) << 1) | (CoordKeys.z(key) & 1);
    }
    int[] start = new int[9];
    for (int i = 0; i < n; i++) start[offset[i] + 1]++;
    for (int o = 0; o < 8; o++) start[o + 1] += start[o];
    int[] fill = java.util.Arrays.copyOf(start, 8);
    int[] in = new int[n];
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      int p = fill[offset[i]]++;
      in[p] = i;
      out[p] = parent[i];
    }
    return new Downsampled(java.util.Arrays.copyOf(coarseKeys, m), coarse, new KernelMap(8, -1, start, in, out, n, m, false));
  }
}
