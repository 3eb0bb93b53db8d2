package dev.clip2scene.nodes.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Turns SIGINT/SIGTERM into a request a long-running verb polls. The first signal only raises the flag, so the verb
 * finishes, closes its files and exits 0; after it (or on any other JVM shutdown) the shutdown hook raises the flag
 * and waits up to a grace period for the verb to say it finished.
 */
public final class GracefulStop implements BooleanSupplier, AutoCloseable {
  private static final long GRACE_S = 20;
  private volatile boolean requested;
  private final CountDownLatch finished = new CountDownLatch(1);
  private final Thread hook;
  private final StopSignals signals;

  public GracefulStop(String what) {
    hook = new Thread(() -> {
      requested = true;
      try {
        finished.await(GRACE_S, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, what + "-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    signals = StopSignals.install(() -> requested = true);
  }

  @Override
  public boolean getAsBoolean() {
    return requested;
  }

  /** The verb finished: a pending shutdown may proceed, and the hook is removed when none is. */
  @Override
  public void close() {
    signals.close();
    finished.countDown();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // already shutting down: the hook is running and now returns
    }
  }
}
