package dev.clip2scene.model.infer.cuda;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link Gpu} whose kernels run on the host (CudaEmulator): device memory is guarded host memory, every call runs
 * when it is made, a captured graph replays its recorded launches. Threads of a block (and blocks) run in forward or
 * reverse order, so that a kernel with a race gives different results in the two. A test can make a launch fail, as a
 * device fault would.
 */
final class EmulatedGpu implements Gpu {
  private final boolean reverse;
  private final DeviceInfo info;
  private final Map<Long, Long> events = new HashMap<>();
  private List<Runnable> recording;
  private String failAt;
  private int launches;
  private int graphLaunches;
  private long allocated;

  EmulatedGpu(boolean reverse) {
    CudaEmulator.load();
    this.reverse = reverse;
    this.info = new DeviceInfo(0, "emulated device", 90, 4, 1L << 30, 13000);
  }

  private static native long allocateNative(long bytes);

  private static native void releaseNative(long address);

  private static native void copyNative(long to, long from, long bytes);

  private static native long addressNative(ByteBuffer direct);

  private static native void launchNative(String kernel, int grid, int block, long params, long bytes, int order);

  /** Every kernel the emulator has, "name=parameter bytes" per line. */
  static native String kernelsNative();

  /** Makes the launch of KERNEL fail as a device fault would (once); null clears it. */
  void failAt(String kernel) {
    this.failAt = kernel;
  }

  int launches() {
    return launches;
  }

  int graphLaunches() {
    return graphLaunches;
  }

  long allocatedBytes() {
    return allocated;
  }

  @Override
  public DeviceInfo info() {
    return info;
  }

  @Override
  public long allocate(long bytes) {
    if (bytes > info.totalMemory() - allocated) throw new GpuException("cuMemAlloc(" + bytes + ")", "CUDA_ERROR_OUT_OF_MEMORY");
    allocated += bytes;
    return allocateNative(bytes);
  }

  @Override
  public void free(long address) {
    releaseNative(address);
  }

  @Override
  public HostBuffer allocateHost(long bytes) {
    ByteBuffer b = ByteBuffer.allocateDirect(Math.toIntExact(bytes));
    return new HostBuffer(addressNative(b), b);
  }

  @Override
  public void freeHost(HostBuffer buffer) {
    // collected with its ByteBuffer
  }

  @Override
  public void upload(long device, HostBuffer host, long hostOffset, long bytes) {
    copyNative(device, host.address() + hostOffset, bytes);
  }

  @Override
  public void download(HostBuffer host, long hostOffset, long device, long bytes) {
    copyNative(host.address() + hostOffset, device, bytes);
  }

  @Override
  public void launch(String kernel, int grid, int block, ByteBuffer params) {
    ByteBuffer direct = ByteBuffer.allocateDirect(params.remaining());
    direct.put(params.duplicate()).flip();
    Runnable run = () -> {
      launches++;
      if (kernel.equals(failAt)) {
        failAt = null;
        throw new GpuException("cuLaunchKernel(" + kernel + "): CUDA_ERROR_ILLEGAL_ADDRESS (an illegal memory access was encountered)",
            "CUDA_ERROR_ILLEGAL_ADDRESS");
      }
      launchNative(kernel, grid, block, addressNative(direct), direct.remaining(), reverse ? 1 : 0);
    };
    if (recording != null) recording.add(run);
    else run.run();
  }

  @Override
  public Graph capture(Runnable work) {
    List<Runnable> recorded = new ArrayList<>();
    recording = recorded;
    try {
      work.run();
    } finally {
      recording = null;
    }
    return new Graph() {
      @Override
      public void launch() {
        graphLaunches++;
        for (Runnable r : recorded) r.run();
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public long createEvent() {
    long id = events.size() + 1L;
    events.put(id, 0L);
    return id;
  }

  @Override
  public void record(long event) {
    if (recording != null) recording.add(() -> events.put(event, System.nanoTime()));
    else events.put(event, System.nanoTime());
  }

  @Override
  public float elapsedMs(long from, long to) {
    return (events.get(to) - events.get(from)) / 1e6f;
  }

  @Override
  public void synchronize() {}

  @Override
  public void bind() {}

  @Override
  public void close() {}
}
