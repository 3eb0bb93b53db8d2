package dev.clip2scene.model.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import dev.clip2scene.model.sparse.ForwardContext;
import dev.clip2scene.model.sparse.SparseGeometry;
import dev.clip2scene.model.sparse.Weights;
import dev.clip2scene.model.voxel.VoxelizedBatch;
import dev.clip2scene.model.voxel.Voxelizer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NetworkTest {
  static final int[] SMALL = {8, 8, 16, 16, 16, 16, 16, 8, 8};

  static NetworkConfig small(NetworkConfig preset, int out) {
    return new NetworkConfig(preset.architecture(), SMALL, new int[] {1, 1, 1, 1, 1, 1, 1, 1}, 0.25, List.of("intensity"),
        out, preset.stemKernel(), 0f, preset.interpolation());
  }

  static VoxelizedBatch sweep(int points, double voxel) {
    return new Voxelizer(voxel, null).voxelize(SyntheticSweep.generate(points, 3).cloud());
  }

  private static float[] forward(NetworkConfig c, VoxelizedBatch b, boolean training, Map<String, float[]> gradients) {
    try (NDManager base = NDManager.newBaseManager(); Weights w = new Weights(base, DataType.FLOAT32, 42)) {
      SparseNetwork net = SparseNetwork.create(c, w);
      try (NDManager m = base.newSubManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray out = net.forward(new ForwardContext(m, training, new SparseGeometry(b), DataType.FLOAT32, 5));
        if (gradients != null) {
          gc.backward(out.mul(out).mean());
          w.parameters().forEach((k, v) -> gradients.put(k, v.getGradient().toFloatArray()));
        }
        return out.toFloatArray();
      }
    }
  }

  @Test
  void bothNetworksAreDeterministicForASeed() {
    VoxelizedBatch b = sweep(1500, 0.25);
    for (NetworkConfig c : List.of(small(NetworkConfig.spvcnn(), 6).withDropout(0.3f), small(NetworkConfig.minkUNet14A(), 6))) {
      Map<String, float[]> g1 = new java.util.TreeMap<>();
      Map<String, float[]> g2 = new java.util.TreeMap<>();
      float[] a = forward(c, b, true, g1);
      float[] again = forward(c, b, true, g2);
      assertEquals(b.pointCount() * 6, a.length);
      assertArrayEquals(a, again, c.architecture() + " training outputs");
      assertEquals(g1.keySet(), g2.keySet());
      g1.forEach((k, v) -> assertArrayEquals(v, g2.get(k), k));
      assertArrayEquals(forward(c, b, false, null), forward(c, b, false, null), c.architecture() + " eval outputs");
    }
  }

  @Test
  void presetsHaveTheirBlockCounts() {
    try (NDManager base = NDManager.newBaseManager()) {
      long p14 = SparseNetwork.create(NetworkConfig.minkUNet14A(), new Weights(base, DataType.FLOAT32, 1)).weights().parameterCount();
      long p18 = SparseNetwork.create(NetworkConfig.minkUNet18(), new Weights(base, DataType.FLOAT32, 1)).weights().parameterCount();
      long p34 = SparseNetwork.create(NetworkConfig.minkUNet34(), new Weights(base, DataType.FLOAT32, 1)).weights().parameterCount();
      long spv = SparseNetwork.create(NetworkConfig.spvcnn(), new Weights(base, DataType.FLOAT32, 1)).weights().parameterCount();
      assertTrue(p14 < p18 && p18 < p34, p14 + " " + p18 + " " + p34);
      assertTrue(spv > 20_000_000 && spv < 24_000_000, "SPVCNN at reference widths has ~22 M parameters: " + spv);
    }
  }

  /** Cross-entropy on the synthetic sweep's labels falls by at least half within 50 SGD steps. */
  @Test
  void crossEntropyHalvesWithin50Steps() {
    for (NetworkConfig preset : List.of(NetworkConfig.spvcnn(), NetworkConfig.minkUNet14A())) {
      SyntheticSweep.Labelled s = SyntheticSweep.generate(2000, 9);
      NetworkConfig c = small(preset, SyntheticSweep.CLASSES.size());
      VoxelizedBatch b = new Voxelizer(c.voxelSize(), null).voxelize(s.cloud());
      SparseGeometry g = new SparseGeometry(b);
      long[] target = new long[b.pointCount()];
      for (int p = 0; p < target.length; p++) target[p] = s.labels()[b.kept()[p]];
      double first = 0;
      double last = 0;
      try (NDManager base = NDManager.newBaseManager(); Weights w = new Weights(base, DataType.FLOAT32, 7)) {
        SparseNetwork net = SparseNetwork.create(c, w);
        for (int step = 0; step < 50; step++) {
          try (NDManager m = base.newSubManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.zeroGradients();
            NDArray logits = net.forward(new ForwardContext(m, true, g, DataType.FLOAT32, step));
            NDArray labels = m.create(target).reshape(-1, 1);
            NDArray loss = logits.logSoftmax(1).gather(labels, 1).neg().mean();
            gc.backward(loss);
            double value = loss.getFloat();
            if (step == 0) first = value;
            last = value;
          }
          for (NDArray p : w.parameters().values()) p.subi(p.getGradient().mul(0.05f)); // plain SGD
        }
      }
      assertTrue(last <= 0.5 * first, preset.architecture() + ": cross-entropy " + first + " -> " + last);
    }
  }
}
