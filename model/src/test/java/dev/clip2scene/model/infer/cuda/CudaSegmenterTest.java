package dev.clip2scene.model.infer.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clip2scene.model.infer.CpuEngine;
import dev.clip2scene.model.net.CpuSegmenter;
import dev.clip2scene.model.net.FusedNetwork;
import dev.clip2scene.model.net.NetworkConfig;
import dev.clip2scene.model.net.Segmentation;
import dev.clip2scene.model.net.TextEmbeddings;
import dev.clip2scene.model.voxel.PointCloud;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The CUDA engine as the node uses it, on the emulated device: clouds that fit allocate nothing, a larger one grows the
 * plan once, a new vocabulary with more classes is taken in, and a device fault mid-run moves this cloud and the rest
 * to the CPU engine with a line that says so.
 */
class CudaSegmenterTest {
  private final FusedNetwork net = FusedNetwork.of(EmulatedEngineTest.config(NetworkConfig.minkUNet14A(), 16), new SeededWeights(11));

  @Test
  void cloudsThatFitAllocateNothingAndGrowthReplansOnce() {
    EmulatedGpu gpu = new EmulatedGpu(false);
    TextEmbeddings t = EmulatedEngineTest.text(4, 16);
    try (CudaEngine engine = new CudaEngine(gpu, net, false, EmulatedEngineTest.CROP);
        CpuSegmenter cpu = new CpuSegmenter(net, EmulatedEngineTest.CROP, new CpuEngine(1))) {
      engine.segment(EmulatedEngineTest.cloud(700, 1), t);
      long allocated = gpu.allocatedBytes();
      int capacity = engine.capacity();
      int graphs = gpu.graphLaunches();
      for (int i = 0; i < 3; i++) engine.segment(EmulatedEngineTest.cloud(300 + 200 * i, 2 + i), t);
      assertEquals(allocated, gpu.allocatedBytes(), "clouds within the capacity allocate nothing");
      assertEquals(graphs + 3, gpu.graphLaunches(), "one graph launch per cloud");
      PointCloud big = EmulatedEngineTest.cloud(capacity + 500, 9);
      Segmentation seg = engine.segment(big, t);
      assertTrue(engine.capacity() > big.size(), "the plan grew to " + engine.capacity());
      assertEquals(seg.rejected(), cpu.segment(big, t).rejected());
      float[] rejected = new float[4 * 50];
      java.util.Arrays.fill(rejected, Float.NaN);
      Segmentation none = engine.segment(new PointCloud(rejected, 4), t);
      assertEquals(50, none.rejected(), "a cloud the voxelizer rejects whole");
      assertEquals(0, engine.segment(new PointCloud(new float[0], 4), t).labels().length);
      TextEmbeddings wide = EmulatedEngineTest.text(40, 16); // beyond the 32 classes first planned
      int[] labels = engine.segment(big, wide).labels();
      int[] expected = cpu.segment(big, wide).labels();
      int same = 0;
      for (int i = 0; i < labels.length; i++) if (labels[i] == expected[i]) same++;
      assertTrue(same >= labels.length - 2, same + " of " + labels.length + " labels equal with 40 classes");
    }
  }

  @Test
  void aDeviceFaultMovesInferenceToTheCpuEngine() {
    EmulatedGpu gpu = new EmulatedGpu(false);
    TextEmbeddings t = EmulatedEngineTest.text(4, 16);
    PointCloud a = EmulatedEngineTest.cloud(600, 3);
    PointCloud b = EmulatedEngineTest.cloud(650, 4);
    try (CudaSegmenter s = new CudaSegmenter(new CudaEngine(gpu, net, false, EmulatedEngineTest.CROP), "cuda:0", "test",
            CudaSegmenter.cpuFallback(net, EmulatedEngineTest.CROP));
        CpuSegmenter cpu = new CpuSegmenter(net, EmulatedEngineTest.CROP, new CpuEngine(1))) {
      s.segment(a, t);
      assertNull(s.fault());
      assertTrue(s.engineLine().startsWith("network on cuda:0 (emulated device"), s.engineLine());
      gpu.failAt("c2s_conv_f32");
      List<Segmentation> both = s.segment(List.of(a, b), t);
      assertNotNull(s.fault());
      assertTrue(s.fault().contains("CUDA_ERROR_ILLEGAL_ADDRESS"), s.fault());
      assertTrue(s.engineLine().matches("network on cpu-engine \\(\\d+ threads\\): cuda:0 failed \\(.*CUDA_ERROR_ILLEGAL_ADDRESS.*\\), continuing on the CPU"),
          s.engineLine());
      assertArrayEquals(cpu.segment(a, t).labels(), both.get(0).labels(), "the cloud that met the fault is segmented on the CPU");
      assertArrayEquals(cpu.segment(b, t).labels(), both.get(1).labels());
      assertNull(s.engine(), "the CUDA engine is closed");
    }
  }

  @Test
  void aFaultWithNoCpuEngineToContinueOnSaysSoOnEveryCall() {
    EmulatedGpu gpu = new EmulatedGpu(false);
    TextEmbeddings t = EmulatedEngineTest.text(4, 16);
    PointCloud a = EmulatedEngineTest.cloud(600, 3);
    CudaSegmenter s = new CudaSegmenter(new CudaEngine(gpu, net, false, EmulatedEngineTest.CROP), "cuda:0", "test",
        () -> {
          throw new IllegalStateException("no Vector API");
        });
    gpu.failAt("c2s_conv_f32");
    IllegalStateException first = assertThrows(IllegalStateException.class, () -> s.segment(a, t));
    assertTrue(first.getMessage().matches("cuda:0 failed \\(.*CUDA_ERROR_ILLEGAL_ADDRESS.*\\) and the CPU engine could not start: no Vector API"),
        first.getMessage());
    IllegalStateException later = assertThrows(IllegalStateException.class, () -> s.features(List.of(a)), "the closed engine is not used again");
    assertEquals(first.getMessage(), later.getMessage());
    s.close(); // the engine was released at the fault: not again
  }
}
