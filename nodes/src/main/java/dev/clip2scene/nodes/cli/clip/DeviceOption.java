package dev.clip2scene.nodes.cli.clip;

import ai.djl.Device;
import dev.clip2scene.model.infer.device.PyTorchDevice;
import picocli.CommandLine;

/** {@code --device auto|cpu|cuda|cuda:N}: where CLIP runs. */
final class DeviceOption {
  @CommandLine.Option(names = "--device", defaultValue = "cpu", paramLabel = "DEV",
      description = "auto, cpu, cuda or cuda:N (default: ${DEFAULT-VALUE})")
  String device;

  Device resolve() {
    return PyTorchDevice.of(device, "--device");
  }
}
