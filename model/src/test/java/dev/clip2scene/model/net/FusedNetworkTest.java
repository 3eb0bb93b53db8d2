package dev.clip2scene.model.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.clip2scene.model.infer.CpuEngine;
import dev.clip2scene.model.infer.FusedPass;
import dev.clip2scene.model.infer.RowArena;
import dev.clip2scene.model.sparse.ForwardContext;
import dev.clip2scene.model.sparse.SparseGeometry;
import dev.clip2scene.model.sparse.Weights;
import dev.clip2scene.model.voxel.VoxelizedBatch;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The CPU engine runs the same networks as the autograd path, batch norm folded, to float32 rounding. */
class FusedNetworkTest {
  /** Non-trivial batch-norm statistics and affine terms, so that folding them is exercised. */
  private static void perturbNorms(Weights w) {
    Random r = new Random(9);
    for (Map.Entry<String, NDArray> e : w.all().entrySet()) {
      String name = e.getKey();
      NDArray a = e.getValue();
      int n = Math.toIntExact(a.size());
      float[] v = new float[n];
      for (int i = 0; i < n; i++) {
        if (name.endsWith("running_var")) v[i] = 0.5f + r.nextFloat() * 1.5f;
        else if (name.endsWith("running_mean") || name.endsWith("bn.bias") || name.endsWith("bn1.bias") || name.endsWith("bn2.bias")) v[i] = r.nextFloat() - 0.5f;
        else if (name.endsWith(".weight") && name.contains("bn")) v[i] = 0.5f + r.nextFloat();
        else continue;
      }
      if (name.contains("running") || name.contains("bn")) a.set(v);
    }
  }

  @Test
  void engineMatchesTheAutogradPathInEvalMode() {
    VoxelizedBatch b = NetworkTest.sweep(3000, 0.25);
    for (NetworkConfig c : List.of(NetworkTest.small(NetworkConfig.spvcnn(), 24), NetworkTest.small(NetworkConfig.minkUNet14A(), 24))) {
      try (NDManager base = NDManager.newBaseManager(); Weights w = new Weights(base, DataType.FLOAT32, 42);
          CpuEngine engine = new CpuEngine(2)) {
        SparseNetwork net = SparseNetwork.create(c, w);
        perturbNorms(w);
        float[] expected;
        long macs;
        try (NDManager m = base.newSubManager()) {
          ForwardContext ctx = new ForwardContext(m, false, new SparseGeometry(b), DataType.FLOAT32, 1);
          expected = net.forward(ctx).toFloatArray();
          macs = ctx.macs();
        }
        FusedPass pass = new FusedPass(engine, new SparseGeometry(b));
        float[] actual = net.fuse().forward(pass).values();
        assertEquals(expected.length, actual.length);
        double diff = 0, scale = 0;
        for (int i = 0; i < expected.length; i++) {
          diff = Math.max(diff, Math.abs(actual[i] - expected[i]));
          scale = Math.max(scale, Math.abs(expected[i]));
        }
        assertTrue(scale > 0.1, "outputs are not trivially zero");
        assertTrue(diff / scale <= 1e-5, c.architecture() + " relative difference " + diff / scale);
        assertEquals(macs, pass.macs(), "both paths count the same multiply-adds");
        assertArrayEquals(actual, net.fuse().forward(new FusedPass(engine, new SparseGeometry(b))).values(), "deterministic");
        // arrays reused across passes hold the previous pass's values; a smaller cloud in between leaves longer arrays
        RowArena arena = new RowArena();
        FusedNetwork fused = net.fuse();
        VoxelizedBatch smaller = NetworkTest.sweep(1200, 0.25);
        float[] smallFresh = fused.forward(new FusedPass(engine, new SparseGeometry(smaller))).values();
        for (VoxelizedBatch batch : List.of(b, smaller, b)) {
          var rows = fused.forward(new FusedPass(engine, new SparseGeometry(batch), arena));
          float[] fresh = batch == b ? actual : smallFresh;
          assertArrayEquals(fresh, java.util.Arrays.copyOf(rows.values(), rows.rows() * rows.cols()), "arena pass");
          arena.recycle();
        }
      }
    }
  }
}
