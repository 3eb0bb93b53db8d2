package dev.clip2scene.model.voxel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class VoxelizerTest {
  @Test
  void averagesFeaturesPerVoxelAndMapsPointsToVoxels() {
    float[] d = {
      0.01f, 0.02f, 0.03f, 1f,
      0.09f, 0.05f, 0.01f, 3f, // same 0.1 m voxel as the first
      -0.05f, 0f, 0f, 5f, // voxel x = -1
      0.25f, 0.31f, -0.12f, 7f,
    };
    VoxelizedBatch b = new Voxelizer(0.1, null).voxelize(new PointCloud(d, 4));
    assertEquals(3, b.voxelCount());
    assertArrayEquals(new int[] {0, 0, 1, 2}, b.pointVoxel());
    assertArrayEquals(new float[] {2f, 5f, 7f}, b.voxelFeatures());
    assertEquals(CoordKeys.pack(0, 2, 3, -2), b.voxelKeys()[2]);
    assertEquals(CoordKeys.pack(0, -1, 0, 0), b.voxelKeys()[1]);
    assertEquals(2.5f, b.pointPosition()[9], 1e-6f);
  }

  @Test
  void rejectsAndCountsNonFinitePointsAndPointsOutsideTheCrop() {
    float[] d = {
      0f, 0f, 0f, 1f,
      Float.NaN, 0f, 0f, 1f,
      0f, Float.POSITIVE_INFINITY, 0f, 1f,
      0f, 0f, 0f, Float.NaN,
      50f, 0f, 0f, 1f,
      1e30f, 0f, 0f, 1f,
    };
    VoxelizedBatch b = new Voxelizer(0.1, new CropBox(-10, -10, -10, 10, 10, 10)).voxelize(new PointCloud(d, 4));
    assertEquals(3, b.rejectedNonFinite());
    assertEquals(2, b.rejectedOutside());
    assertArrayEquals(new int[] {0}, b.kept());
    VoxelizedBatch uncropped = new Voxelizer(0.1, null).voxelize(new PointCloud(d, 4));
    assertEquals(1, uncropped.rejectedOutside(), "1e30 m is beyond the coordinate range");
    assertArrayEquals(new int[] {0, 4}, uncropped.kept());
  }

  @Test
  void batchesKeepCloudsApartByBatchIndex() {
    PointCloud a = new PointCloud(new float[] {0f, 0f, 0f, 1f}, 4);
    PointCloud b = new PointCloud(new float[] {0f, 0f, 0f, 3f, 1f, 1f, 1f, 2f}, 4);
    VoxelizedBatch v = new Voxelizer(0.5, null).voxelize(List.of(a, b));
    assertEquals(3, v.voxelCount());
    assertArrayEquals(new int[] {0, 1, 1}, v.pointBatch());
    assertArrayEquals(new float[] {1f, 3f, 2f}, v.voxelFeatures());
    assertArrayEquals(new int[] {0, 1, 2}, v.kept());
  }

  @Test
  void rejectsMalformedInput() {
    assertThrows(IllegalArgumentException.class, () -> new PointCloud(new float[5], 4));
    assertThrows(IllegalArgumentException.class, () -> new Voxelizer(0, null));
    assertThrows(IllegalArgumentException.class, () -> new Voxelizer(0.1, null).voxelize(List.of(new PointCloud(new float[4], 4), new PointCloud(new float[6], 6))));
  }

  @Test
  void hashFindsEveryKeyAndMissesOthers() {
    long[] keys = new long[5000];
    for (int i = 0; i < keys.length; i++) keys[i] = CoordKeys.pack(i % 3, i, -i, i / 7);
    CoordHash h = CoordHash.indexOf(keys);
    for (int i = 0; i < keys.length; i++) assertEquals(i, h.get(keys[i]));
    assertEquals(-1, h.get(CoordKeys.pack(0, 1, 1, 1)));
    assertThrows(IllegalArgumentException.class, () -> CoordHash.indexOf(new long[] {5, 5}));
  }
}
