package dev.clip2scene.model.infer.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clip2scene.model.infer.CpuEngine;
import dev.clip2scene.model.net.CpuSegmenter;
import dev.clip2scene.model.net.FusedNetwork;
import dev.clip2scene.model.net.NetworkConfig;
import dev.clip2scene.model.net.PointFeatures;
import dev.clip2scene.model.net.Segmentation;
import dev.clip2scene.model.net.SyntheticSweep;
import dev.clip2scene.model.net.TextEmbeddings;
import dev.clip2scene.model.voxel.CropBox;
import dev.clip2scene.model.voxel.PointCloud;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The CUDA engine, host logic and kernels together, on the emulated device against the CPU engine: features within
 * float32 rounding and the same labels in float32; close in float16; threads and blocks run forward and in reverse
 * give bitwise the same results (no races).
 */
class EmulatedEngineTest {
  static final int[] WIDTHS = {20, 24, 40, 72, 80, 48, 40, 24, 20};

  static NetworkConfig config(NetworkConfig preset, int out) {
    return new NetworkConfig(preset.architecture(), WIDTHS, new int[] {1, 1, 1, 1, 1, 1, 1, 1}, 0.25, List.of("intensity"), out,
        preset.stemKernel(), 0f, preset.interpolation());
  }

  static TextEmbeddings text(int classes, int dim) {
    return DeviceCheck.random(classes, dim);
  }

  static PointCloud cloud(int points, long seed) {
    float[] d = SyntheticSweep.generate(points, seed).cloud().data().clone();
    d[4 * 3] = Float.NaN; // rejected: non-finite
    d[4 * 10 + 3] = Float.POSITIVE_INFINITY;
    d[4 * 20] = 500f; // rejected: outside the crop box
    return new PointCloud(d, 4);
  }

  static final CropBox CROP = new CropBox(-60, -60, -5, 60, 60, 8);

  @Test
  void float32MatchesTheCpuEngine() {
    for (NetworkConfig preset : List.of(NetworkConfig.minkUNet14A(), NetworkConfig.spvcnn())) {
      FusedNetwork net = FusedNetwork.of(config(preset, 24), new SeededWeights(3));
      PointCloud c = cloud(1200, 5);
      TextEmbeddings t = text(6, 24);
      PointFeatures expected;
      Segmentation expectedLabels;
      try (CpuSegmenter cpu = new CpuSegmenter(net, CROP, new CpuEngine(1))) {
        expected = cpu.features(c);
        expectedLabels = cpu.segment(c, t);
      }
      try (CudaEngine gpu = new CudaEngine(new EmulatedGpu(false), net, false, CROP)) {
        Segmentation seg = gpu.segment(c, t);
        PointFeatures f = gpu.features(c);
        assertArrayEquals(expected.kept(), f.kept(), preset.architecture() + ": kept points");
        double err = maxRelative(expected.values(), f.values());
        assertTrue(err < 1e-4, preset.architecture() + ": float32 features differ by " + err);
        assertEquals(expectedLabels.rejected(), seg.rejected());
        int same = 0;
        for (int i = 0; i < c.size(); i++) if (seg.labels()[i] == expectedLabels.labels()[i]) same++;
        assertTrue(same >= c.size() - 2, preset.architecture() + ": " + same + " of " + c.size() + " labels equal");
        for (int i = 0; i < c.size(); i++) {
          if (seg.labels()[i] == expectedLabels.labels()[i]) assertEquals(expectedLabels.scores()[i], seg.scores()[i], 1e-4);
        }
      }
    }
  }

  @Test
  void everyOperationMatchesTheCpuEngine() {
    for (NetworkConfig preset : List.of(NetworkConfig.minkUNet14A(), NetworkConfig.spvcnn())) {
      FusedNetwork net = FusedNetwork.of(config(preset, 24), new SeededWeights(3));
      EngineProbe.Report r = EngineProbe.compare(net, CROP, cloud(1200, 5), new EmulatedGpu(false), false);
      for (EngineProbe.OpDiff d : r.ops()) assertTrue(d.relative() < 1e-4, preset.architecture() + ": " + r.describe());
    }
  }

  @Test
  void float16StaysCloseAndRunsAlikeInEveryThreadOrder() {
    FusedNetwork net = FusedNetwork.of(config(NetworkConfig.spvcnn(), 24), new SeededWeights(8));
    EngineProbe.Report r = EngineProbe.compare(net, CROP, cloud(1200, 6), new EmulatedGpu(false), true);
    for (EngineProbe.OpDiff d : r.ops()) assertTrue(d.relative() < 2e-2, "float16: " + r.describe());
    PointCloud c = cloud(900, 7);
    TextEmbeddings t = text(5, 24);
    Segmentation forward;
    Segmentation reverse;
    PointFeatures forwardFeatures;
    PointFeatures reverseFeatures;
    try (CudaEngine gpu = new CudaEngine(new EmulatedGpu(false), net, true, CROP)) {
      forward = gpu.segment(c, t);
      forwardFeatures = gpu.features(c);
    }
    try (CudaEngine gpu = new CudaEngine(new EmulatedGpu(true), net, true, CROP)) {
      reverse = gpu.segment(c, t);
      reverseFeatures = gpu.features(c);
    }
    assertArrayEquals(forward.labels(), reverse.labels(), "labels depend on the order threads run in: a race");
    assertArrayEquals(forward.scores(), reverse.scores(), "scores depend on the order threads run in: a race");
    assertArrayEquals(forwardFeatures.values(), reverseFeatures.values(), "features depend on the order threads run in: a race");
  }

  static double maxRelative(float[] expected, float[] actual) {
    assertEquals(expected.length, actual.length);
    double diff = 0, scale = 0;
    for (int i = 0; i < expected.length; i++) {
      diff = Math.max(diff, Math.abs(expected[i] - actual[i]));
      scale = Math.max(scale, Math.abs(expected[i]));
    }
    assertTrue(scale > 0.1, "features are not trivially small: " + scale);
    return diff / scale;
  }
}
