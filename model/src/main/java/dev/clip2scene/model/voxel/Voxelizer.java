package dev.clip2scene.model.voxel;

import java.util.Arrays;
import java.util.List;

/** Quantises points to voxels of one size, finds the unique voxels and averages their points' features. */
public final class Voxelizer {
  private final double voxelSize;
  private final CropBox crop;

  /** @param crop points outside are dropped; null keeps every finite point */
  public Voxelizer(double voxelSize, CropBox crop) {
    if (!(voxelSize > 0) || Double.isInfinite(voxelSize)) throw new IllegalArgumentException("voxel size " + voxelSize);
    this.voxelSize = voxelSize;
    this.crop = crop;
  }

  public double voxelSize() {
    return voxelSize;
  }

  public VoxelizedBatch voxelize(PointCloud cloud) {
    return voxelize(List.of(cloud));
  }

  /** Voxelizes clouds as one batch; cloud i gets batch index i. All clouds must have the same stride. */
  public VoxelizedBatch voxelize(List<PointCloud> clouds) {
    if (clouds.isEmpty()) throw new IllegalArgumentException("no point clouds");
    if (clouds.size() > CoordKeys.MAX_BATCH + 1) throw new IllegalArgumentException("batch of " + clouds.size() + " clouds > 256");
    int stride = clouds.get(0).stride();
    int channels = stride - 3;
    int total = 0;
    for (PointCloud c : clouds) {
      if (c.stride() != stride) throw new IllegalArgumentException("clouds differ in point stride: " + stride + " vs " + c.stride());
      total = Math.addExact(total, c.size());
    }
    int[] kept = new int[total];
    float[] position = new float[total * 3];
    int[] batch = new int[total];
    long[] pointKey = new long[total];
    float[] features = new float[total * channels];
    int n = 0;
    int nonFinite = 0;
    int outside = 0;
    int base = 0;
    double inv = 1.0 / voxelSize;
    for (int b = 0; b < clouds.size(); b++) {
      float[] d = clouds.get(b).data();
      int count = clouds.get(b).size();
      for (int i = 0; i < count; i++) {
        int o = i * stride;
        if (!finite(d, o, stride)) {
          nonFinite++;
          continue;
        }
        float x = d[o], y = d[o + 1], z = d[o + 2];
        if (crop != null && !crop.contains(x, y, z)) {
          outside++;
          continue;
        }
        double vx = x * inv, vy = y * inv, vz = z * inv;
        double fx = Math.floor(vx), fy = Math.floor(vy), fz = Math.floor(vz);
        if (Math.abs(fx) >= CoordKeys.LIMIT || Math.abs(fy) >= CoordKeys.LIMIT || Math.abs(fz) >= CoordKeys.LIMIT) {
          outside++;
          continue;
        }
        kept[n] = base + i;
        position[3 * n] = (float) vx;
        position[3 * n + 1] = (float) vy;
        position[3 * n + 2] = (float) vz;
        batch[n] = b;
        pointKey[n] = CoordKeys.pack(b, (int) fx, (int) fy, (int) fz);
        System.arraycopy(d, o + 3, features, n * channels, channels);
        n++;
      }
      base += count;
    }
    CoordHash hash = new CoordHash(n);
    long[] voxelKeys = new long[n];
    int[] pointVoxel = new int[n];
    int voxels = 0;
    for (int p = 0; p < n; p++) {
      int v = hash.putIfAbsent(pointKey[p], voxels);
      if (v < 0) {
        voxelKeys[voxels] = pointKey[p];
        v = voxels++;
      }
      pointVoxel[p] = v;
    }
    float[] voxelFeatures = new float[voxels * channels];
    int[] counts = new int[voxels];
    for (int p = 0; p < n; p++) {
      int v = pointVoxel[p];
      counts[v]++;
      for (int c = 0; c < channels; c++) voxelFeatures[v * channels + c] += features[p * channels + c];
    }
    for (int v = 0; v < voxels; v++) {
      for (int c = 0; c < channels; c++) voxelFeatures[v * channels + c] /= counts[v];
    }
    return new VoxelizedBatch(total, clouds.size(), channels, Arrays.copyOf(kept, n), Arrays.copyOf(position, 3 * n),
        Arrays.copyOf(features, n * channels), Arrays.copyOf(batch, n), pointVoxel, Arrays.copyOf(voxelKeys, voxels), voxelFeatures,
        nonFinite, outside);
  }

  private static boolean finite(float[] d, int o, int stride) {
    for (int k = 0; k < stride; k++) {
      if (!Float.isFinite(d[o + k])) return false;
    }
    return true;
  }
}
