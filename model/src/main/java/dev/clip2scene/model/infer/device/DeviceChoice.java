package dev.clip2scene.model.infer.device;

import java.util.Locale;

/**
 * Where the network should run, as users write it: {@code auto} (CUDA when a device is present and the engine
 * loads, else the CPU), {@code cpu}, {@code cuda} or {@code cuda:N}; and the CUDA engine's precision, {@code float16}
 * (tensor cores, float32 accumulation) or {@code float32}. The CPU engine always computes in float32.
 */
public record DeviceChoice(Kind kind, int ordinal, boolean half) {
  public enum Kind {
    AUTO,
    CPU,
    CUDA
  }

  public static final DeviceChoice AUTO = new DeviceChoice(Kind.AUTO, 0, true);
  public static final DeviceChoice CPU = new DeviceChoice(Kind.CPU, 0, false);

  public DeviceChoice {
    if (ordinal < 0) throw new IllegalArgumentException("device ordinal " + ordinal);
  }

  /** Parses DEVICE (auto, cpu, cuda, cuda:N) and PRECISION (float16, float32); errors say what is accepted. */
  public static DeviceChoice parse(String device, String precision) {
    boolean half = switch (precision.toLowerCase(Locale.ROOT)) {
      case "float16", "fp16" -> true;
      case "float32", "fp32" -> false;
      default -> throw new IllegalArgumentException("precision '" + precision + "': expected float16 or float32");
    };
    String d = device.toLowerCase(Locale.ROOT).strip();
    if (d.equals("auto")) return new DeviceChoice(Kind.AUTO, 0, half);
    if (d.equals("cpu")) return new DeviceChoice(Kind.CPU, 0, half);
    if (d.equals("cuda")) return new DeviceChoice(Kind.CUDA, 0, half);
    if (d.startsWith("cuda:")) {
      try {
        int n = Integer.parseInt(d.substring(5));
        if (n >= 0) return new DeviceChoice(Kind.CUDA, n, half);
      } catch (NumberFormatException e) {
        // falls through to the message below
      }
    }
    throw new IllegalArgumentException("device '" + device + "': expected auto, cpu, cuda or cuda:N");
  }

  /** "auto", "cpu" or "cuda:N". */
  public String describe() {
    return switch (kind) {
      case AUTO -> "auto";
      case CPU -> "cpu";
      case CUDA -> "cuda:" + ordinal;
    };
  }

  public String precision() {
    return half ? "float16" : "float32";
  }
}
