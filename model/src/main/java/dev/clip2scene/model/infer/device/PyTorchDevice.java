package dev.clip2scene.model.infer.device;

import ai.djl.Device;
import ai.djl.engine.Engine;

/** The DJL PyTorch device for a {@link DeviceChoice}: where CLIP runs. */
public final class PyTorchDevice {
  private PyTorchDevice() {}

  /**
   * cpu -> the CPU; cuda:N -> GPU N, refused when PyTorch sees fewer; auto -> GPU 0 when PyTorch sees one, else the
   * CPU. WHAT names the setting in errors (e.g. "--device").
   */
  public static Device of(DeviceChoice choice, String what) {
    return switch (choice.kind()) {
      case CPU -> Device.cpu();
      case AUTO -> gpuCount() > 0 ? Device.gpu(0) : Device.cpu();
      case CUDA -> {
        int gpus = gpuCount();
        if (choice.ordinal() >= gpus) {
          throw new IllegalArgumentException(what + " " + choice.describe() + ": " + gpus + " GPU(s) visible to PyTorch "
              + "(the bundled natives are CPU-only unless a CUDA build of PyTorch is configured for DJL)");
        }
        yield Device.gpu(choice.ordinal());
      }
    };
  }

  /** Parses DEVICE (auto, cpu, cuda, cuda:N) and resolves it as {@link #of}. */
  public static Device of(String device, String what) {
    DeviceChoice choice;
    try {
      choice = DeviceChoice.parse(device, "float32");
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
    }
    return of(choice, what);
  }

  private static int gpuCount() {
    return Engine.getEngine("PyTorch").getGpuCount();
  }
}
