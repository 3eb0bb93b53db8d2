package dev.clip2scene.model.sparse;

import dev.clip2scene.model.voxel.CoordHash;
import dev.clip2scene.model.voxel.CoordKeys;
import dev.clip2scene.model.voxel.VoxelizedBatch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The voxel levels of one batch (level l has voxels of 2^l times the base size) and every kernel map and
 * point-voxel map the network asks for, each built once and reused by all layers of its level.
 */
public final class SparseGeometry {
  private final VoxelizedBatch batch;
  private final List<long[]> keys = new ArrayList<>();
  private final List<CoordHash> hashes = new ArrayList<>();
  private final List<KernelMap> downMaps = new ArrayList<>();
  private final List<int[]> pointVoxels = new ArrayList<>();
  private final Map<String, KernelMap> maps = new HashMap<>();
  private final Map<String, SparseRows> pointMaps = new HashMap<>();

  public SparseGeometry(VoxelizedBatch batch) {
    this.batch = batch;
    keys.add(batch.voxelKeys());
    hashes.add(CoordHash.indexOf(batch.voxelKeys()));
    pointVoxels.add(batch.pointVoxel());
  }

  public VoxelizedBatch batch() {
    return batch;
  }

  public int voxelCount(int level) {
    return keys(level).length;
  }

  public long[] keys(int level) {
    while (keys.size() <= level) {
      int l = keys.size() - 1;
      KernelMaps.Downsampled d = KernelMaps.down(keys.get(l));
      keys.add(d.coarseKeys());
      hashes.add(d.coarseHash());
      downMaps.add(d.map());
      int[] fine = pointVoxels.get(l);
      int[] parent = new int[fine.length];
      int[] parentOf = new int[d.map().inCount()];
      for (int p = 0; p < d.map().pairs(); p++) parentOf[d.map().in()[p]] = d.map().out()[p];
      for (int i = 0; i < fine.length; i++) parent[i] = parentOf[fine[i]];
      pointVoxels.add(parent);
    }
    return keys.get(level);
  }

  /** Submanifold map of odd kernel size at a level. */
  public KernelMap submanifold(int level, int kernelSize) {
    long[] k = keys(level);
    return maps.computeIfAbsent("sub" + kernelSize + "@" + level, s -> KernelMaps.submanifold(k, hashes.get(level), kernelSize));
  }

  /** Stride-2 size-2 map from level to level + 1. */
  public KernelMap down(int level) {
    keys(level + 1);
    return downMaps.get(level);
  }

  /** Transposed stride-2 map from level + 1 back to level. */
  public KernelMap up(int level) {
    KernelMap d = down(level);
    return maps.computeIfAbsent("up@" + level, s -> d.transpose());
  }

  public KernelMap pointwise(int level) {
    int n = voxelCount(level);
    return maps.computeIfAbsent("pw@" + level, s -> KernelMap.pointwise(n));
  }

  /** For each kept point, the index of its voxel at a level. */
  public int[] pointVoxel(int level) {
    keys(level);
    return pointVoxels.get(level);
  }

  /**
   * Points x voxels matrix interpolating voxel features at the points: trilinear over the 8 voxels around the
   * point at the level's size (absent voxels weigh 0, weights renormalised), or its own voxel when nearest.
   */
  public SparseRows interpolation(int level, boolean nearest) {
    return pointMaps.computeIfAbsent((nearest ? "nearest@" : "trilinear@") + level, s -> buildInterpolation(level, nearest));
  }

  /** Voxels x points matrix averaging the features of the points inside each voxel of a level. */
  public SparseRows average(int level) {
    return pointMaps.computeIfAbsent("average@" + level, s -> {
      int[] voxel = pointVoxel(level);
      int n = voxelCount(level);
      int[] count = new int[n];
      for (int v : voxel) count[v]++;
      int[] row = voxel.clone();
      int[] col = new int[voxel.length];
      float[] value = new float[voxel.length];
      for (int p = 0; p < voxel.length; p++) {
        col[p] = p;
        value[p] = 1f / count[voxel[p]];
      }
      return new SparseRows(n, voxel.length, row, col, value);
    });
  }

  private SparseRows buildInterpolation(int level, boolean nearest) {
    int[] own = pointVoxel(level);
    long[] levelKeys = keys(level);
    int points = own.length;
    if (nearest) {
      int[] row = new int[points];
      float[] one = new float[points];
      for (int p = 0; p < points; p++) {
        row[p] = p;
        one[p] = 1f;
      }
      return new SparseRows(points, levelKeys.length, row, own.clone(), one);
    }
    CoordHash hash = hashes.get(level);
    float[] pos = batch.pointPosition();
    double scale = 1.0 / (1 << level);
    int[] row = new int[points * 8];
    int[] col = new int[points * 8];
    float[] value = new float[points * 8];
    int nnz = 0;
    double[] w = new double[8];
    int[] idx = new int[8];
    for (int p = 0; p < points; p++) {
      long base = levelKeys[own[p]];
      double fx = clamp01(pos[3 * p] * scale - CoordKeys.x(base));
      double fy = clamp01(pos[3 * p + 1] * scale - CoordKeys.y(base));
      double fz = clamp01(pos[3 * p + 2] * scale - CoordKeys.z(base));
      double sum = 0;
      for (int c = 0; c < 8; c++) {
        int dx = c >> 2, dy = (c >> 1) & 1, dz = c & 1;
        int j = c == 0 ? own[p] : hash.get(base + CoordKeys.delta(dx, dy, dz));
        idx[c] = j;
        w[c] = j < 0 ? 0 : (dx == 1 ? fx : 1 - fx) * (dy == 1 ? fy : 1 - fy) * (dz == 1 ? fz : 1 - fz);
        sum += w[c];
      }
      if (sum == 0) { // rounding put the point on its voxel's far face with no neighbour there
        w[0] = 1;
        sum = 1;
      }
      double norm = 1 / sum;
      for (int c = 0; c < 8; c++) {
        if (idx[c] < 0 || w[c] == 0) continue;
        row[nnz] = p;
        col[nnz] = idx[c];
        value[nnz++] = (float) (w[c] * norm);
      }
    }
    return new SparseRows(points, levelKeys.length, java.util.Arrays.copyOf(row, nnz), java.util.Arrays.copyOf(col, nnz),
        java.util.Arrays.copyOf(value, nnz));
  }

  private static double clamp01(double v) {
    return v < 0 ? 0 : (v > 1 ? 1 : v);
  }
}
