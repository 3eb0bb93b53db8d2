package dev.clip2scene.model.infer.cuda;

import java.util.Locale;

/**
 * A CUDA device as the engine sees it.
 *
 * @param ordinal the device's index (cuda:N)
 * @param computeCapability major * 10 + minor (90 for Hopper)
 * @param driverVersion the driver's CUDA version, e.g. 13000
 */
public record DeviceInfo(int ordinal, String name, int computeCapability, int multiprocessors, long totalMemory, int driverVersion) {
  /** Name, "sm_NN", multiprocessors, memory in GiB and the driver's CUDA version, comma-separated. */
  public String describe() {
    return String.format(Locale.ROOT, "%s, sm_%d, %d SMs, %.1f GiB, driver CUDA %d.%d", name, computeCapability, multiprocessors,
        totalMemory / (double) (1L << 30), driverVersion / 1000, driverVersion % 1000 / 10);
  }
}
