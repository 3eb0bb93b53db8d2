package dev.clip2scene.model.infer.cuda;

/**
 * A CUDA call failed: the call, the driver's error name and text. FATAL means the device or its context is no longer
 * usable (a kernel fault, a lost device): the engine must be closed and inference continue elsewhere.
 */
public final class GpuException extends RuntimeException {
  private final String error;
  private final boolean fatal;

  public GpuException(String message, String error, boolean fatal) {
    super(message);
    this.error = error;
    this.fatal = fatal;
  }

  /** The driver's error name, e.g. CUDA_ERROR_OUT_OF_MEMORY ("" when the failure is not a driver error). */
  public String error() {
    return error;
  }

  public boolean fatal() {
    return fatal;
  }

  public boolean outOfMemory() {
    return error.equals("CUDA_ERROR_OUT_OF_MEMORY");
  }
}
