package dev.clip2scene.model.infer.cuda;

/**
 * CUDA cannot do what was asked: a driver call failed (the message names the call, the driver's error name and text),
 * or CUDA cannot run here at all (no driver, no device, no kernels for this GPU; the message says which). After one
 * from a running engine, the engine is closed and inference continues elsewhere ({@link CudaSegmenter}).
 */
public final class GpuException extends RuntimeException {
  private final String error;

  public GpuException(String message, String error) {
    super(message);
    this.error = error;
  }

  /** The driver's error name, e.g. CUDA_ERROR_OUT_OF_MEMORY ("" when the failure is not a driver error). */
  public String error() {
    return error;
  }
}
