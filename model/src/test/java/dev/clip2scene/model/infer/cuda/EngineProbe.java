package dev.clip2scene.model.infer.cuda;

import dev.clip2scene.model.infer.CpuEngine;
import dev.clip2scene.model.infer.FeatureRows;
import dev.clip2scene.model.infer.FoldedConv;
import dev.clip2scene.model.infer.FusedPass;
import dev.clip2scene.model.infer.Layers;
import dev.clip2scene.model.infer.MapRef;
import dev.clip2scene.model.io.HalfFloats;
import dev.clip2scene.model.net.FusedNetwork;
import dev.clip2scene.model.sparse.SparseGeometry;
import dev.clip2scene.model.voxel.CoordKeys;
import dev.clip2scene.model.voxel.CropBox;
import dev.clip2scene.model.voxel.PointCloud;
import dev.clip2scene.model.voxel.VoxelizedBatch;
import dev.clip2scene.model.voxel.Voxelizer;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Test helper: runs a cloud on the CUDA engine operation by operation and on the CPU engine, and compares every
 * operation's output row by row (rows matched through voxel coordinates and input point indices, since the device
 * orders voxels by Morton key). Reports the first operation whose output differs, with the voxel counts per level.
 */
final class EngineProbe {
  /** One operation's comparison: its kind, rows compared, and the largest difference relative to the output's scale. */
  record OpDiff(String op, int rows, double relative) {}

  record Report(long[] gpuVoxels, int[] cpuVoxels, List<OpDiff> ops) {
    String describe() {
      StringBuilder b = new StringBuilder("voxels per level gpu/cpu:");
      for (int l = 0; l < cpuVoxels.length; l++) b.append(' ').append(gpuVoxels[l]).append('/').append(cpuVoxels[l]);
      for (OpDiff d : ops) b.append(String.format("%n  %-60s rows %6d  relative %.3g", d.op(), d.rows(), d.relative()));
      return b.toString();
    }
  }

  private EngineProbe() {}

  static Report compare(FusedNetwork net, CropBox crop, PointCloud cloud, Gpu gpu, boolean half) {
    VoxelizedBatch batch = new Voxelizer(net.config().voxelSize(), crop).voxelize(cloud);
    SparseGeometry g = new SparseGeometry(batch);
    List<FeatureRows> cpu = new ArrayList<>();
    try (CpuEngine engine = new CpuEngine(1)) {
      net.topology().run(new Recording(new FusedPass(engine, g), cpu));
    }
    List<OpDiff> diffs = new ArrayList<>();
    long[] gpuVoxels = new long[5];
    int levels;
    try (CudaEngine e = new CudaEngine(gpu, net, half, crop)) {
      NetworkProgram program = e.program();
      levels = program.levels;
      Map<Integer, int[]> rowMaps = new HashMap<>();
      int[] opIndex = {0};
      e.trace(cloud, new CudaEngine.Tracer() {
        @Override
        public void geometry() {
          long state = e.address("cloud");
          long[] origin = new long[3];
          for (int a = 0; a < 3; a++) origin[a] = readLongs(gpu, state + 8 + 8L * a, 1)[0] & ~15L;
          for (int l = 0; l <= program.levels; l++) {
            gpuVoxels[l] = readLongs(gpu, state + 48 + 8L * l, 1)[0];
            long[] keys = readLongs(gpu, e.address(MemoryPlan.keys(l)), (int) gpuVoxels[l]);
            Map<Long, Integer> cpuRow = new HashMap<>();
            long[] cpuKeys = g.keys(l);
            for (int i = 0; i < cpuKeys.length; i++) cpuRow.put(cpuKeys[i], i);
            int[] map = new int[keys.length];
            for (int i = 0; i < keys.length; i++) {
              long k = keys[i];
              long key = CoordKeys.pack(0, (int) (gather3(k >>> 2) + (origin[0] >> l)), (int) (gather3(k >>> 1) + (origin[1] >> l)),
                  (int) (gather3(k) + (origin[2] >> l)));
              map[i] = cpuRow.getOrDefault(key, -1);
            }
            rowMaps.put(l, map);
          }
          long valid = readLongs(gpu, state + 40, 1)[0];
          int[] vals = readInts(gpu, e.address("valsA"), (int) valid);
          Map<Integer, Integer> keptIndex = new HashMap<>();
          for (int i = 0; i < batch.kept().length; i++) keptIndex.put(batch.kept()[i], i);
          int[] pointMap = new int[vals.length];
          for (int i = 0; i < vals.length; i++) pointMap[i] = keptIndex.getOrDefault(vals[i], -1);
          rowMaps.put(-1, pointMap);
          int[] inputMap = rowMaps.get(0);
          diffs.add(diff("voxel input", readRows(gpu, e.address(program.input), inputMap.length, program.input, half), inputMap,
              new FeatureRows(batch.voxelFeatures(), batch.voxelCount(), batch.channels())));
        }

        @Override
        public void after(NetworkProgram.Op op, long output) {
          FeatureRows expected = cpu.get(opIndex[0]++);
          NetworkProgram.Tensor t = op.out();
          int[] map = rowMaps.get(t.domain().points() ? -1 : t.domain().level());
          String name = op.getClass().getSimpleName() + " -> " + t.domain() + " x " + t.width()
              + (op instanceof NetworkProgram.Conv c ? " " + c.map() : "");
          diffs.add(diff(name, readRows(gpu, output, map.length, t, half), map, expected));
        }
      });
    }
    int[] cpuVoxels = new int[levels + 1];
    for (int l = 0; l <= levels; l++) cpuVoxels[l] = g.voxelCount(l);
    return new Report(gpuVoxels, cpuVoxels, diffs);
  }

  private static OpDiff diff(String name, float[][] gpuRows, int[] map, FeatureRows expected) {
    double d = 0, scale = 1e-30;
    int width = expected.cols();
    for (int r = 0; r < gpuRows.length; r++) {
      if (map[r] < 0) return new OpDiff(name + " (row " + r + " has no CPU voxel)", gpuRows.length, Double.POSITIVE_INFINITY);
      for (int c = 0; c < width; c++) {
        float want = expected.values()[map[r] * width + c];
        d = Math.max(d, Math.abs(want - gpuRows[r][c]));
        scale = Math.max(scale, Math.abs(want));
      }
    }
    if (gpuRows.length != expected.rows()) return new OpDiff(name + " (rows " + gpuRows.length + " vs " + expected.rows() + ")", gpuRows.length, Double.POSITIVE_INFINITY);
    return new OpDiff(name, gpuRows.length, d / scale);
  }

  static long gather3(long a) {
    a &= 0x1249249249249249L;
    a = (a ^ (a >>> 2)) & 0x10c30c30c30c30c3L;
    a = (a ^ (a >>> 4)) & 0x100f00f00f00f00fL;
    a = (a ^ (a >>> 8)) & 0x1f0000ff0000ffL;
    a = (a ^ (a >>> 16)) & 0x1f00000000ffffL;
    a = (a ^ (a >>> 32)) & 0x1fffffL;
    return a;
  }

  static ByteBuffer read(Gpu gpu, long address, long bytes) {
    HostBuffer h = gpu.allocateHost(Math.max(8, bytes));
    gpu.download(h, 0, address, bytes);
    gpu.synchronize();
    return h.bytes();
  }

  static long[] readLongs(Gpu gpu, long address, int n) {
    long[] v = new long[n];
    read(gpu, address, 8L * n).asLongBuffer().get(v);
    return v;
  }

  static int[] readInts(Gpu gpu, long address, int n) {
    int[] v = new int[n];
    read(gpu, address, 4L * n).asIntBuffer().get(v);
    return v;
  }

  static float[][] readRows(Gpu gpu, long address, int rows, NetworkProgram.Tensor t, boolean half) {
    int pitch = t.paddedWidth();
    ByteBuffer b = read(gpu, address, (long) rows * pitch * (half ? 2 : 4));
    float[][] out = new float[rows][t.width()];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < t.width(); c++) {
        int i = r * pitch + c;
        out[r][c] = half ? HalfFloats.fromHalf(b.getShort(2 * i)) : b.getFloat(4 * i);
      }
    }
    return out;
  }

  /** The CPU pass, keeping each operation's output in the order the topology calls them. */
  private record Recording(FusedPass pass, List<FeatureRows> outputs) implements Layers<FeatureRows> {
    @Override
    public FeatureRows voxelInput() {
      return pass.voxelInput();
    }

    @Override
    public FeatureRows conv(FoldedConv c, FeatureRows x, MapRef map, FeatureRows add) {
      return keep(pass.conv(c, x, map, add));
    }

    @Override
    public FeatureRows dense(FoldedConv c, FeatureRows x) {
      return keep(pass.dense(c, x));
    }

    @Override
    public FeatureRows concat(FeatureRows a, FeatureRows b) {
      return pass.concat(a, b);
    }

    @Override
    public FeatureRows toPoints(FeatureRows voxels, int level, boolean nearest, FeatureRows plus) {
      return keep(pass.toPoints(voxels, level, nearest, plus));
    }

    @Override
    public FeatureRows average(FeatureRows points, int level) {
      return keep(pass.average(points, level));
    }

    private FeatureRows keep(FeatureRows r) {
      outputs.add(r);
      return r;
    }
  }
}
