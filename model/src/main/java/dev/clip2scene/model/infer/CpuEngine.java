package dev.clip2scene.model.infer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Worker threads for eval-mode inference on float arrays with the JDK Vector API. Work is split into more
 * chunks than threads and handed out as threads free up, so one slow core (a shared machine) does not hold the
 * rest back. Owns its threads until {@link #close}.
 */
public final class CpuEngine implements AutoCloseable {
  private static final int CHUNKS_PER_THREAD = 8;
  private final int threads;
  private final ExecutorService workers;

  public CpuEngine(int threads) {
    if (threads < 1) throw new IllegalArgumentException("threads " + threads);
    this.threads = threads;
    RowKernel.warmUp();
    this.workers = threads == 1 ? null : Executors.newFixedThreadPool(threads - 1, r -> {
      Thread t = new Thread(r, "clip2scene-cpu-inference");
      t.setDaemon(true);
      return t;
    });
  }

  /** Whether this JVM runs with the Vector API ({@code --add-modules jdk.incubator.vector}). */
  public static boolean available() {
    return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
  }

  /** An engine with one thread per core, or the count a user set with -Dclip2scene.inference.threads. */
  public static CpuEngine defaultEngine() {
    String configured = System.getProperty("clip2scene.inference.threads");
    if (configured == null) return new CpuEngine(Runtime.getRuntime().availableProcessors());
    try {
      return new CpuEngine(Integer.parseInt(configured.trim()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("system property clip2scene.inference.threads = '" + configured + "': expected a thread count >= 1", e);
    }
  }

  public int threads() {
    return threads;
  }

  /** Runs body(row0, row1) over [0, rows) in chunks on every thread; returns when all are done. */
  void forRows(int rows, RowRange body) {
    int chunks = Math.max(1, Math.min(rows / 64, threads * CHUNKS_PER_THREAD));
    if (threads == 1 || chunks == 1) {
      body.run(0, rows);
      return;
    }
    AtomicInteger next = new AtomicInteger();
    Runnable drain = () -> {
      for (int c; (c = next.getAndIncrement()) < chunks; ) body.run((int) ((long) rows * c / chunks), (int) ((long) rows * (c + 1) / chunks));
    };
    List<Future<?>> helpers = new ArrayList<>(threads - 1);
    for (int t = 1; t < threads; t++) helpers.add(workers.submit(drain));
    Throwable failure = null;
    try {
      drain.run();
    } catch (RuntimeException | Error e) {
      failure = e;
    }
    for (Future<?> f : helpers) {
      try {
        f.get();
      } catch (ExecutionException e) {
        if (failure == null) failure = e.getCause();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        if (failure == null) failure = e;
      }
    }
    if (failure instanceof RuntimeException r) throw r;
    if (failure instanceof Error err) throw err;
    if (failure != null) throw new IllegalStateException("inference interrupted", failure);
  }

  @FunctionalInterface
  interface RowRange {
    void run(int row0, int row1);
  }

  @Override
  public void close() {
    if (workers != null) workers.shutdownNow();
  }
}
