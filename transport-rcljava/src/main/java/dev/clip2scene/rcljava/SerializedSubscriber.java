package dev.clip2scene.rcljava;

import dev.clip2scene.nodes.transport.Qos;
import dev.clip2scene.nodes.transport.QueuedSubscriber;
import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.ros2.rcljava.RCLJava;
import org.ros2.rcljava.interfaces.MessageDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A raw subscriber on an rcl subscription of its own (outside rcljava's executor) that takes serialized
 * messages: a thread waits on it and queues each sample's CDR. Samples above the maximum sample size are dropped and
 * counted lost, as on the DDS transport.
 */
final class SerializedSubscriber extends QueuedSubscriber {
  private static final Logger LOG = LoggerFactory.getLogger(SerializedSubscriber.class);
  private static final long WAIT_NS = TimeUnit.MILLISECONDS.toNanos(100);
  private final RcljavaTransport owner;
  private final int maxBytes;
  private final long handle;
  private final Thread taker;
  private volatile boolean running = true;
  private boolean closed;

  SerializedSubscriber(RcljavaTransport owner, String topic, Class<? extends MessageDefinition> type, Qos qos, int queueDepth,
      int maxBytes) throws IOException {
    super(topic, queueDepth);
    this.owner = owner;
    this.maxBytes = maxBytes;
    long typeSupport;
    try {
      typeSupport = type.getDeclaredConstructor().newInstance().getTypeSupportInstance();
    } catch (ReflectiveOperationException e) {
      throw new IOException(topic + ": cannot instantiate " + type.getName() + ": " + e, e);
    }
    long qosHandle = RCLJava.convertQoSProfileToHandle(RcljavaTransport.qos(qos));
    try {
      handle = SerializedRcl.nativeCreateSubscription(owner.node().getHandle(), RCLJava.getDefaultContext().getHandle(), typeSupport,
          topic, qosHandle);
    } finally {
      RCLJava.disposeQoSProfile(qosHandle);
    }
    taker = new Thread(this::take, "rcl-take" + topic.replace('/', '-'));
    taker.setDaemon(true);
    taker.start();
  }

  private void take() {
    while (running) {
      byte[] cdr;
      try {
        cdr = SerializedRcl.nativeTake(handle, WAIT_NS);
      } catch (IOException e) {
        LOG.warn("{}: {} ({} lost so far)", topic(), e.getMessage(), countLost(1));
        pause();
        continue;
      }
      if (cdr == null) continue;
      if (cdr.length > maxBytes) {
        LOG.warn("{}: dropped an oversized sample of {} bytes (maximum {}; {} lost so far)", topic(), cdr.length, maxBytes, countLost(1));
        continue;
      }
      Instant now = Instant.now();
      long ns = now.getEpochSecond() * 1_000_000_000L + now.getNano();
      deliver(cdr, ns, ns);
    }
  }

  private static void pause() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public synchronized long matchedWriters() {
    if (closed) return 0;
    try {
      return SerializedRcl.nativePublisherCount(handle);
    } catch (IOException e) {
      return 0;
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) return;
      closed = true;
    }
    owner.closed(this);
    running = false;
    try {
      taker.join(TimeUnit.SECONDS.toMillis(10)); // the handle is freed only once no take uses it
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (taker.isAlive()) {
      LOG.warn("{}: the taking thread did not stop; its rcl subscription is left open", topic());
      return;
    }
    owner.betweenSpins(() -> {
      try {
        SerializedRcl.nativeDestroySubscription(handle);
      } catch (IOException e) {
        LOG.warn("{}: {}", topic(), e.getMessage());
      }
      return null;
    });
  }
}
