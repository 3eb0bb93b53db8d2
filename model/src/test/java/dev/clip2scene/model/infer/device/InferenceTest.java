package dev.clip2scene.model.infer.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clip2scene.model.infer.cuda.CudaDriver;
import dev.clip2scene.model.infer.cuda.GpuException;
import dev.clip2scene.model.net.NetworkConfig;
import dev.clip2scene.model.net.Segmenter;
import dev.clip2scene.model.net.SparseNetwork;
import dev.clip2scene.model.sparse.Weights;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Device choice: parsing, and what auto, cpu and cuda give on this machine, with the line that says why. */
class InferenceTest {
  @Test
  void parsesWhatUsersWrite() {
    assertEquals(new DeviceChoice(DeviceChoice.Kind.AUTO, 0, true), DeviceChoice.parse("auto", "float16"));
    assertEquals(new DeviceChoice(DeviceChoice.Kind.CUDA, 2, false), DeviceChoice.parse("CUDA:2", "fp32"));
    assertEquals(new DeviceChoice(DeviceChoice.Kind.CUDA, 0, true), DeviceChoice.parse("cuda", "float16"));
    assertEquals("cpu", DeviceChoice.parse("cpu", "float32").describe());
    for (String bad : List.of("gpu", "cuda:", "cuda:-1", "cuda:x", "")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeviceChoice.parse(bad, "float16"));
      assertTrue(e.getMessage().contains("auto, cpu, cuda or cuda:N"), e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> DeviceChoice.parse("auto", "bfloat16"));
  }

  @Test
  void autoTakesCudaWhereItRunsElseTheCpuAndSaysWhy() {
    String cudaProblem = null;
    try (CudaDriver d = CudaDriver.open(0)) {
      d.info();
    } catch (GpuException e) {
      cudaProblem = e.getMessage();
    }
    NetworkConfig c = NetworkConfig.spvcnn().withWidths(new int[] {8, 8, 16, 16, 16, 16, 16, 8, 8}).withOutputDim(8);
    try (NDManager base = NDManager.newBaseManager(); Weights w = new Weights(base, DataType.FLOAT32, 1)) {
      SparseNetwork net = SparseNetwork.create(c, w);
      try (Segmenter auto = Inference.open(net, null, DeviceChoice.AUTO)) {
        if (cudaProblem != null) {
          assertTrue(auto.engineLine().startsWith("network on cpu-engine") && auto.engineLine().endsWith(": " + cudaProblem), auto.engineLine());
        } else {
          assertTrue(auto.engineLine().startsWith("network on cuda:0 ("), auto.engineLine());
        }
      }
      try (Segmenter cpu = Inference.open(net, null, DeviceChoice.CPU)) {
        assertTrue(cpu.engineLine().matches("network on cpu-engine \\(\\d+ threads\\): device cpu requested"), cpu.engineLine());
      }
      if (cudaProblem != null) {
        String problem = cudaProblem;
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Inference.open(net, null, DeviceChoice.parse("cuda", "float16")));
        assertTrue(e.getMessage().startsWith("device cuda:0 requested, but the CUDA engine cannot run: ") && e.getMessage().contains(problem), e.getMessage());
      }
    }
  }
}
