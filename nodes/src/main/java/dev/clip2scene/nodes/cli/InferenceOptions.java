package dev.clip2scene.nodes.cli;

import dev.clip2scene.model.infer.device.DeviceChoice;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code --device} and {@code --precision} of the verbs that run the network (a picocli mixin). */
public final class InferenceOptions {
  @Option(names = "--device", defaultValue = "auto", paramLabel = "DEV",
      description = "where the network runs: auto (CUDA when a device is present and the engine loads, else the CPU), cpu, "
          + "cuda or cuda:N (default: ${DEFAULT-VALUE})")
  public String device;

  @Option(names = "--precision", defaultValue = "float16", paramLabel = "P",
      description = "the CUDA engine's precision: float16 (tensor cores, float32 accumulation) or float32 (default: ${DEFAULT-VALUE})")
  public String precision;

  /** The choice, or a usage error naming the option. */
  public DeviceChoice choice(CommandLine.Model.CommandSpec spec) {
    try {
      return DeviceChoice.parse(device, precision);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--device/--precision: " + e.getMessage());
    }
  }
}
