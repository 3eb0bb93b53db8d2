package dev.clip2scene.nodes.perception;

import dev.clip2scene.nodes.transport.RawSubscriber;
import dev.clip2scene.nodes.transport.ReceivedSample;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A thread that hands each sample of one subscriber to a handler, off the DDS listener thread. A handler that throws
 * an exception on a sample (undecodable bytes) costs that sample only: it is counted through ON_FAILURE, logged, and
 * the thread goes on. An Error ends the thread: ON_DEATH hears of it.
 */
final class Pump implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Pump.class);
  /** Long enough for a network forward on a slow CPU to finish. */
  private static final long JOIN_MS = 60_000;
  private final Thread thread;
  private volatile boolean running = true;

  Pump(RawSubscriber source, Consumer<ReceivedSample> handler, Runnable onFailure) {
    this(source, handler, onFailure, e -> LOG.error("{}: the thread handling this topic died: {}", source.topic(), e.toString(), e));
  }

  Pump(RawSubscriber source, Consumer<ReceivedSample> handler, Runnable onFailure, Consumer<Throwable> onDeath) {
    thread = new Thread(() -> {
      try {
        while (running) {
          ReceivedSample s;
          try {
            s = source.poll(100, TimeUnit.MILLISECONDS);
          } catch (InterruptedException e) {
            return;
          }
          if (s == null) continue;
          try {
            handler.accept(s);
          } catch (RuntimeException e) {
            onFailure.run();
            LOG.warn("{}: dropped a sample that could not be used: {}", source.topic(), e.getMessage());
          }
        }
      } catch (Throwable e) { // an Error: this thread cannot go on
        if (running) onDeath.accept(e);
      }
    }, "pump" + source.topic().replace('/', '-'));
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.interrupt();
    thread.join(JOIN_MS);
  }
}
