package dev.clip2scene.model.infer.cuda;

import java.nio.ByteBuffer;

/**
 * What the engine needs from a CUDA device: memory, copies and kernel launches on one stream, graphs, timing events.
 * Copies and launches are asynchronous; {@link #synchronize} waits and reports faults. {@link CudaDriver} implements
 * it on the CUDA driver API; the tests run the same engine on an emulation of the kernels.
 */
public interface Gpu extends AutoCloseable {
  DeviceInfo info();

  /** Device memory, 256-byte aligned; contents undefined. */
  long allocate(long bytes);

  void free(long address);

  /** Page-locked host memory. */
  HostBuffer allocateHost(long bytes);

  void freeHost(HostBuffer buffer);

  /** Host to device, asynchronous: HOST must stay untouched until the stream passes this copy. */
  void upload(long device, HostBuffer host, long hostOffset, long bytes);

  /** Device to host, asynchronous. */
  void download(HostBuffer host, long hostOffset, long device, long bytes);

  /** Launches KERNEL with GRID blocks of BLOCK threads; PARAMS (the kernel's parameter struct) is copied now. */
  void launch(String kernel, int grid, int block, ByteBuffer params);

  /** A sequence of copies and launches recorded once and replayed on the stream with one call. */
  interface Graph extends AutoCloseable {
    void launch();

    @Override
    void close();
  }

  /** Records what WORK enqueues (launches, and events for timing) into a graph instead of running it. */
  Graph capture(Runnable work);

  /** A timing event, kept until the device is closed. */
  long createEvent();

  /** Records EVENT on the stream now (or, while capturing, each time the graph passes this point). */
  void record(long event);

  /** Milliseconds between two recorded events the stream has passed. */
  float elapsedMs(long from, long to);

  /** Waits for the stream; a fault of anything enqueued surfaces here as a {@link GpuException}. */
  void synchronize();

  /** Makes this device current for the calling thread (CUDA contexts are per thread). */
  void bind();

  @Override
  void close();
}
