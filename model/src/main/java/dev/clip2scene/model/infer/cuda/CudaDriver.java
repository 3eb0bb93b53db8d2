package dev.clip2scene.model.infer.cuda;

import static org.bytedeco.cuda.global.cudart.*;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.cuda.cudart.CUctx_st;
import org.bytedeco.cuda.cudart.CUevent_st;
import org.bytedeco.cuda.cudart.CUfunc_st;
import org.bytedeco.cuda.cudart.CUgraphExec_st;
import org.bytedeco.cuda.cudart.CUgraph_st;
import org.bytedeco.cuda.cudart.CUmod_st;
import org.bytedeco.cuda.cudart.CUstream_st;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacpp.SizeTPointer;

/**
 * {@link Gpu} on the CUDA driver API through JavaCPP's presets: the device's primary context, one non-blocking stream,
 * the kernels' module ({@link KernelImage}), page-locked host memory. Every call's result is checked; a failure is a
 * {@link GpuException} naming the call and the driver's error, never a crash. Opening fails with a {@link GpuException}
 * saying why (no driver library, no device, a driver older than the kernels need) where CUDA cannot run.
 */
public final class CudaDriver implements Gpu {
  private final DeviceInfo info;
  private final CUctx_st context = new CUctx_st();
  private final CUstream_st stream = new CUstream_st();
  private final CUmod_st module = new CUmod_st();
  private final Map<String, CUfunc_st> functions = new HashMap<>();
  private final Map<Long, Pointer> hostMemory = new HashMap<>();
  private final List<CUevent_st> events = new ArrayList<>();
  private final String kernels;
  private boolean capturing;
  private boolean closed;

  private CudaDriver(int ordinal) {
    check(cuInit(0), "cuInit");
    int[] count = new int[1];
    check(cuDeviceGetCount(count), "cuDeviceGetCount");
    if (count[0] == 0) throw new GpuException("no CUDA device (the driver sees none)", "CUDA_ERROR_NO_DEVICE");
    if (ordinal >= count[0]) throw new GpuException("no CUDA device " + ordinal + " (the driver sees " + count[0] + ")", "CUDA_ERROR_INVALID_DEVICE");
    int[] device = new int[1];
    check(cuDeviceGet(device, ordinal), "cuDeviceGet");
    byte[] name = new byte[256];
    check(cuDeviceGetName(name, name.length, device[0]), "cuDeviceGetName");
    int[] major = new int[1];
    int[] minor = new int[1];
    int[] sms = new int[1];
    check(cuDeviceGetAttribute(major, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, device[0]), "cuDeviceGetAttribute");
    check(cuDeviceGetAttribute(minor, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, device[0]), "cuDeviceGetAttribute");
    check(cuDeviceGetAttribute(sms, CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT, device[0]), "cuDeviceGetAttribute");
    int[] driver = new int[1];
    check(cuDriverGetVersion(driver), "cuDriverGetVersion");
    long total;
    try (SizeTPointer bytes = new SizeTPointer(1)) {
      check(cuDeviceTotalMem(bytes, device[0]), "cuDeviceTotalMem");
      total = bytes.get();
    }
    int end = 0;
    while (end < name.length && name[end] != 0) end++;
    info = new DeviceInfo(ordinal, new String(name, 0, end, StandardCharsets.UTF_8), major[0] * 10 + minor[0], sms[0], total, driver[0]);
    check(cuDevicePrimaryCtxRetain(context, device[0]), "cuDevicePrimaryCtxRetain");
    try {
      check(cuCtxSetCurrent(context), "cuCtxSetCurrent");
      check(cuStreamCreate(stream, CU_STREAM_NON_BLOCKING), "cuStreamCreate");
      kernels = KernelImage.load(this, info.computeCapability());
    } catch (RuntimeException e) {
      cuDevicePrimaryCtxRelease(device[0]);
      throw e;
    }
  }

  /**
   * Opens device ORDINAL. Fails with a {@link GpuException} whose message says why CUDA cannot run here: the driver's
   * library is missing (no NVIDIA driver), the presets' natives do not load, there is no such device.
   */
  public static CudaDriver open(int ordinal) {
    if (unloadable != null) throw new GpuException(unloadable, "");
    try {
      return new CudaDriver(ordinal);
    } catch (UnsatisfiedLinkError | NoClassDefFoundError | ExceptionInInitializerError e) {
      // the first failure has the reason; later ones only say the class could not be initialised
      unloadable = unavailable(e);
      throw new GpuException(unloadable, "");
    }
  }

  /** Why the natives did not load in this JVM, once they failed (they are not tried again). */
  private static volatile String unloadable;

  /** Why the CUDA presets' natives did not load, in a line. */
  static String unavailable(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) root = root.getCause();
    String m = String.valueOf(root.getMessage());
    if (m.contains("libcuda.so")) return "no CUDA driver (libcuda.so.1 not found)";
    if (m.contains("libcudart")) return "no CUDA runtime library (libcudart not found: add the CUDA libraries to LD_LIBRARY_PATH)";
    if (e instanceof NoClassDefFoundError && m.contains("bytedeco")) return "the CUDA presets (org.bytedeco:cuda) are not on the class path";
    return "the CUDA presets' natives did not load: " + m.lines().findFirst().orElse(m);
  }

  /** Which image the kernels came from (embedded machine code, PTX, or NVRTC). */
  public String kernels() {
    return kernels;
  }

  /** Loads a module image (cubin, PTX or fatbinary) as the kernels; returns the driver's error code. */
  int loadModule(byte[] image) {
    try (BytePointer bytes = new BytePointer(image.length + 1L)) {
      bytes.put(image).put(image.length, (byte) 0); // PTX must end with a 0
      return cuModuleLoadData(module, bytes);
    }
  }

  static String errorName(int code) {
    try (BytePointer name = new BytePointer()) {
      return cuGetErrorName(code, name) == CUDA_SUCCESS && !name.isNull() ? name.getString() : "CUDA error " + code;
    }
  }

  private static String errorText(int code) {
    try (BytePointer text = new BytePointer()) {
      return cuGetErrorString(code, text) == CUDA_SUCCESS && !text.isNull() ? text.getString() : "";
    }
  }

  static void check(int code, String call) {
    if (code == CUDA_SUCCESS) return;
    String name = errorName(code);
    throw new GpuException(call + ": " + name + " (" + errorText(code) + ")", name);
  }

  @Override
  public DeviceInfo info() {
    return info;
  }

  @Override
  public long allocate(long bytes) {
    long[] address = new long[1];
    check(cuMemAlloc(address, Math.max(bytes, 1)), "cuMemAlloc(" + bytes + " bytes)");
    return address[0];
  }

  @Override
  public void free(long address) {
    check(cuMemFree(address), "cuMemFree");
  }

  @Override
  public HostBuffer allocateHost(long bytes) {
    Pointer p = new Pointer();
    check(cuMemAllocHost(p, Math.max(bytes, 1)), "cuMemAllocHost(" + bytes + " bytes)");
    hostMemory.put(p.address(), p);
    ByteBuffer view = new BytePointer(p).capacity(Math.max(bytes, 1)).asByteBuffer();
    return new HostBuffer(p.address(), view);
  }

  @Override
  public void freeHost(HostBuffer buffer) {
    Pointer p = hostMemory.remove(buffer.address());
    if (p != null) check(cuMemFreeHost(p), "cuMemFreeHost");
  }

  private BytePointer host(HostBuffer h, long offset) {
    Pointer p = hostMemory.get(h.address());
    if (p == null) throw new IllegalArgumentException("host buffer not from this device's allocateHost");
    return new BytePointer(p).position(offset);
  }

  @Override
  public void upload(long device, HostBuffer host, long hostOffset, long bytes) {
    if (bytes == 0) return;
    check(cuMemcpyHtoDAsync(device, host(host, hostOffset), bytes, stream), "cuMemcpyHtoDAsync");
  }

  @Override
  public void download(HostBuffer host, long hostOffset, long device, long bytes) {
    if (bytes == 0) return;
    check(cuMemcpyDtoHAsync(host(host, hostOffset), device, bytes, stream), "cuMemcpyDtoHAsync");
  }

  private CUfunc_st function(String kernel) {
    return functions.computeIfAbsent(kernel, k -> {
      CUfunc_st f = new CUfunc_st();
      check(cuModuleGetFunction(f, module, k), "cuModuleGetFunction(" + k + ")");
      return f;
    });
  }

  @Override
  public void launch(String kernel, int grid, int block, ByteBuffer params) {
    CUfunc_st f = function(kernel);
    // kernelParams: one pointer per parameter, to its value; the one parameter is the struct, copied at the call
    try (BytePointer value = new BytePointer(params.remaining()); PointerPointer<BytePointer> args = new PointerPointer<>(1)) {
      value.put(bytesOf(params));
      args.put(0, value);
      check(cuLaunchKernel(f, grid, 1, 1, block, 1, 1, 0, stream, args, (PointerPointer<?>) null), "cuLaunchKernel(" + kernel + ")");
    }
  }

  private static byte[] bytesOf(ByteBuffer b) {
    byte[] a = new byte[b.remaining()];
    b.duplicate().get(a);
    return a;
  }

  @Override
  public Graph capture(Runnable work) {
    check(cuStreamBeginCapture(stream, CU_STREAM_CAPTURE_MODE_THREAD_LOCAL), "cuStreamBeginCapture");
    capturing = true;
    CUgraph_st graph = new CUgraph_st();
    RuntimeException failed = null;
    try {
      work.run();
    } catch (RuntimeException e) {
      failed = e;
    }
    capturing = false;
    int ended = cuStreamEndCapture(stream, graph); // ends the capture in any case, so the stream is usable again
    if (failed != null || ended != CUDA_SUCCESS) {
      if (!graph.isNull()) cuGraphDestroy(graph);
      if (failed != null) throw failed; // the cause, not the invalidated capture it left
      check(ended, "cuStreamEndCapture");
    }
    CUgraphExec_st exec = new CUgraphExec_st();
    int made = cuGraphInstantiate(exec, graph, 0L);
    cuGraphDestroy(graph);
    check(made, "cuGraphInstantiate");
    return new Graph() {
      private boolean open = true;

      @Override
      public void launch() {
        check(cuGraphLaunch(exec, stream), "cuGraphLaunch");
      }

      @Override
      public void close() {
        if (open) cuGraphExecDestroy(exec);
        open = false;
      }
    };
  }

  @Override
  public long createEvent() {
    CUevent_st e = new CUevent_st();
    check(cuEventCreate(e, CU_EVENT_DEFAULT), "cuEventCreate");
    events.add(e);
    return events.size() - 1L;
  }

  @Override
  public void record(long event) {
    CUevent_st e = events.get((int) event);
    // inside a capture, an external event record node: the graph records the event each time it runs
    check(capturing ? cuEventRecordWithFlags(e, stream, CU_EVENT_RECORD_EXTERNAL) : cuEventRecord(e, stream), "cuEventRecord");
  }

  @Override
  public float elapsedMs(long from, long to) {
    float[] ms = new float[1];
    check(cuEventElapsedTime(ms, events.get((int) from), events.get((int) to)), "cuEventElapsedTime");
    return ms[0];
  }

  @Override
  public void synchronize() {
    check(cuStreamSynchronize(stream), "cuStreamSynchronize");
  }

  @Override
  public void bind() {
    check(cuCtxSetCurrent(context), "cuCtxSetCurrent");
  }

  /** Free and total device memory now. */
  public long[] memoryInfo() {
    try (SizeTPointer free = new SizeTPointer(1); SizeTPointer total = new SizeTPointer(1)) {
      check(cuMemGetInfo(free, total), "cuMemGetInfo");
      return new long[] {free.get(), total.get()};
    }
  }

  @Override
  public void close() {
    if (closed) return;
    closed = true;
    // best effort: after a fault the context may refuse everything; the primary context is released regardless
    cuCtxSetCurrent(context);
    for (CUevent_st e : events) cuEventDestroy(e);
    for (Pointer p : hostMemory.values()) cuMemFreeHost(p);
    hostMemory.clear();
    cuModuleUnload(module);
    cuStreamDestroy(stream);
    int[] device = new int[1];
    if (cuDeviceGet(device, info.ordinal()) == CUDA_SUCCESS) cuDevicePrimaryCtxRelease(device[0]);
  }
}
