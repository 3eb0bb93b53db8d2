package dev.clip2scene.nodes.cli.clip;

import ai.djl.Device;
import ai.djl.engine.Engine;
import picocli.CommandLine;

/** {@code --device cpu|gpu|gpu:N}: where CLIP runs. */
final class DeviceOption {
  @CommandLine.Option(names = "--device", defaultValue = "cpu", paramLabel = "DEV",
      description = "cpu, gpu or gpu:N (default: ${DEFAULT-VALUE})")
  String device;

  Device resolve() {
    String d = device.trim().toLowerCase(java.util.Locale.ROOT);
    if (d.equals("cpu")) return Device.cpu();
    if (d.equals("gpu") || d.startsWith("gpu:")) {
      int index;
      try {
        index = d.equals("gpu") ? 0 : Integer.parseInt(d.substring(4));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--device " + device + ": expected cpu, gpu or gpu:N");
      }
      int gpus = Engine.getEngine("PyTorch").getGpuCount();
      if (index >= gpus) {
        throw new IllegalArgumentException("--device " + device + ": " + gpus + " GPU(s) visible to PyTorch "
            + "(the bundled natives are CPU-only unless a CUDA build of PyTorch is configured for DJL)");
      }
      return Device.gpu(index);
    }
    throw new IllegalArgumentException("--device " + device + ": expected cpu, gpu or gpu:N");
  }
}
