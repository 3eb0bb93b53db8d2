package dev.clip2scene.model.infer.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import org.junit.jupiter.api.Test;

/** CLIP's device takes the network's words: auto, cpu, cuda, cuda:N. */
class PyTorchDeviceTest {
  @Test
  void theWordsOfTheNetworkDeviceNameAPyTorchDevice() {
    int gpus = Engine.getEngine("PyTorch").getGpuCount();
    assertEquals(Device.cpu(), PyTorchDevice.of("cpu", "--device"));
    assertEquals(Device.cpu(), PyTorchDevice.of(" CPU ", "--device"));
    assertEquals(gpus > 0 ? Device.gpu(0) : Device.cpu(), PyTorchDevice.of("auto", "--device"));
    IllegalArgumentException beyond = assertThrows(IllegalArgumentException.class, () -> PyTorchDevice.of("cuda:" + gpus, "teacher.device"));
    assertTrue(beyond.getMessage().startsWith("teacher.device cuda:" + gpus + ": " + gpus + " GPU(s) visible to PyTorch"), beyond.getMessage());
    for (String bad : new String[] {"gpu", "gpu:0", "cuda:x", ""}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PyTorchDevice.of(bad, "teacher.device"));
      assertEquals("teacher.device: device '" + bad + "': expected auto, cpu, cuda or cuda:N", e.getMessage());
    }
  }
}
