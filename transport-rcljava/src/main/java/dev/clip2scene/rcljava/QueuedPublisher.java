package dev.clip2scene.rcljava;

import dev.clip2scene.nodes.transport.RawPublisher;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes on a thread of its own: publish() copies the sample into a queue of DEPTH and returns, so that the
 * conversion and the rcl publish of a megabyte sample stay off the caller's thread. When the queue is full the
 * sample is refused and counted, as a reliable writer with a full history would block.
 */
final class QueuedPublisher implements RawPublisher {
  private static final Logger LOG = LoggerFactory.getLogger(QueuedPublisher.class);
  private final RawPublisher target;
  private final ThreadPoolExecutor sender;
  private final AtomicLong refused = new AtomicLong();

  QueuedPublisher(RawPublisher target, int depth) {
    this.target = target;
    this.sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(Math.max(1, depth)), r -> {
      Thread t = new Thread(r, "rcljava-send" + target.topic().replace('/', '-'));
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  public String topic() {
    return target.topic();
  }

  @Override
  public void publish(byte[] cdr, int length) throws IOException {
    byte[] copy = Arrays.copyOf(cdr, length); // the caller reuses its buffer
    try {
      sender.execute(() -> {
        try {
          target.publish(copy, copy.length);
        } catch (IOException | RuntimeException e) {
          LOG.warn("{}: {}", target.topic(), e.getMessage());
        }
      });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      throw new IOException(target.topic() + ": the send queue is full (" + refused.incrementAndGet() + " samples refused so far)");
    }
  }

  @Override
  public long matchedReaders() {
    return target.matchedReaders();
  }

  @Override
  public boolean awaitAcknowledged(long timeoutMillis) {
    return target.awaitAcknowledged(timeoutMillis);
  }

  @Override
  public long published() {
    return target.published();
  }

  @Override
  public void close() {
    if (sender.isShutdown()) return;
    sender.shutdown();
    try {
      sender.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    target.close();
  }
}
