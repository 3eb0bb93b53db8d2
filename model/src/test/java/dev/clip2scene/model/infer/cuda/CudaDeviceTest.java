package dev.clip2scene.model.infer.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.clip2scene.model.infer.CpuEngine;
import dev.clip2scene.model.net.CpuSegmenter;
import dev.clip2scene.model.net.FusedNetwork;
import dev.clip2scene.model.net.NetworkConfig;
import dev.clip2scene.model.net.PointFeatures;
import dev.clip2scene.model.net.TextEmbeddings;
import dev.clip2scene.model.voxel.PointCloud;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The CUDA engine on a real device (the driver, the embedded or NVRTC-compiled kernels, graphs) against the CPU
 * engine: float32 features within 1e-4, float16 within 2e-2 (relative to the largest), nearly all labels equal.
 * Skipped with the reason where this machine has no CUDA device.
 */
class CudaDeviceTest {
  @Test
  void theDeviceAgreesWithTheCpuEngine() {
    String problem = null;
    try (CudaDriver d = CudaDriver.open(0)) {
      d.info();
    } catch (GpuException e) {
      problem = e.getMessage();
    }
    assumeTrue(problem == null, "skipped: no CUDA device here (" + problem + ")");
    for (NetworkConfig preset : List.of(NetworkConfig.minkUNet14A(), NetworkConfig.spvcnn())) {
      FusedNetwork net = FusedNetwork.of(EmulatedEngineTest.config(preset, 24), new SeededWeights(4));
      PointCloud c = EmulatedEngineTest.cloud(20_000, 3);
      TextEmbeddings t = EmulatedEngineTest.text(8, 24);
      try (CpuSegmenter cpu = new CpuSegmenter(net, EmulatedEngineTest.CROP, new CpuEngine(2))) {
        PointFeatures expected = cpu.features(c);
        int[] labels = cpu.segment(c, t).labels();
        for (boolean half : new boolean[] {false, true}) {
          try (CudaEngine gpu = CudaEngine.open(0, net, half, EmulatedEngineTest.CROP)) {
            PointFeatures f = gpu.features(c);
            assertArrayEquals(expected.kept(), f.kept());
            double err = EmulatedEngineTest.maxRelative(expected.values(), f.values());
            assertTrue(err < (half ? 2e-2 : 1e-4), preset.architecture() + (half ? " float16" : " float32") + ": features differ by " + err);
            int[] got = gpu.segment(c, t).labels();
            int same = 0;
            for (int i = 0; i < got.length; i++) if (got[i] == labels[i]) same++;
            assertTrue(same >= got.length * (half ? 0.98 : 0.999), preset.architecture() + ": " + same + " of " + got.length + " labels equal");
          }
        }
      }
    }
  }
}
