package dev.clip2scene.model.sparse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clip2scene.model.voxel.CoordKeys;
import dev.clip2scene.model.voxel.VoxelizedBatch;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KernelMapsTest {
  private static Set<String> pairs(KernelMap m) {
    Set<String> s = new HashSet<>();
    for (int k = 0; k < m.volume(); k++) {
      for (int p = m.offsetStart()[k]; p < m.offsetStart()[k + 1]; p++) s.add(k + ":" + m.in()[p] + ">" + m.out()[p]);
    }
    return s;
  }

  @Test
  void submanifoldMapsMatchBruteForceSearch() {
    VoxelizedBatch b = RandomVoxels.cloud(3000, 6, 1, 1);
    SparseGeometry g = new SparseGeometry(b);
    for (int size : new int[] {3, 5}) {
      for (int level = 0; level < 3; level++) {
        long[] keys = g.keys(level);
        KernelMap m = g.submanifold(level, size);
        Set<String> expected = new HashSet<>();
        int r = size / 2;
        for (int o = 0; o < keys.length; o++) {
          for (int i = 0; i < keys.length; i++) {
            int dx = CoordKeys.x(keys[i]) - CoordKeys.x(keys[o]);
            int dy = CoordKeys.y(keys[i]) - CoordKeys.y(keys[o]);
            int dz = CoordKeys.z(keys[i]) - CoordKeys.z(keys[o]);
            if (Math.abs(dx) > r || Math.abs(dy) > r || Math.abs(dz) > r || (dx == 0 && dy == 0 && dz == 0)) continue;
            int k = ((dx + r) * size + (dy + r)) * size + (dz + r);
            expected.add(k + ":" + i + ">" + o);
          }
        }
        assertEquals(expected, pairs(m), "size " + size + " level " + level);
        assertEquals(size * size * size / 2, m.center());
      }
    }
  }

  @Test
  void downMapsSendEveryVoxelToItsParentAndUpMapsInvertThem() {
    VoxelizedBatch b = RandomVoxels.cloud(2000, 8, 1, 2);
    SparseGeometry g = new SparseGeometry(b);
    for (int level = 0; level < 4; level++) {
      long[] fine = g.keys(level);
      long[] coarse = g.keys(level + 1);
      KernelMap down = g.down(level);
      assertEquals(fine.length, down.pairs());
      Set<Long> parents = new HashSet<>();
      for (int k = 0; k < 8; k++) {
        for (int p = down.offsetStart()[k]; p < down.offsetStart()[k + 1]; p++) {
          long f = fine[down.in()[p]];
          long c = coarse[down.out()[p]];
          assertEquals(CoordKeys.coarsen(f), c);
          assertEquals(k, ((CoordKeys.x(f) & 1) << 2) | ((CoordKeys.y(f) & 1) << 1) | (CoordKeys.z(f) & 1));
          parents.add(c);
        }
      }
      assertEquals(coarse.length, parents.size());
      KernelMap up = g.up(level);
      assertTrue(up.uniqueOutputs());
      assertEquals(fine.length, up.outCount());
      assertEquals(down.in(), up.out());
    }
  }

  @Test
  void pointVoxelsAtEachLevelContainTheirPoints() {
    VoxelizedBatch b = RandomVoxels.cloud(500, 5, 1, 3);
    SparseGeometry g = new SparseGeometry(b);
    for (int level = 0; level <= 4; level++) {
      int[] pv = g.pointVoxel(level);
      long[] keys = g.keys(level);
      for (int p = 0; p < pv.length; p++) {
        long k = keys[pv[p]];
        assertEquals(Math.floor(b.pointPosition()[3 * p] / (1 << level)), CoordKeys.x(k), 1e-9);
        assertEquals(Math.floor(b.pointPosition()[3 * p + 2] / (1 << level)), CoordKeys.z(k), 1e-9);
      }
    }
  }
}
