package dev.clip2scene.nodes.bag.live;

import dev.clip2scene.msgs.MessageTypes;
import dev.clip2scene.msgs.builtin.Time;
import dev.clip2scene.msgs.rosgraph.Clock;
import dev.clip2scene.nodes.bag.BagMessage;
import dev.clip2scene.nodes.transport.DdsParticipant;
import dev.clip2scene.nodes.transport.Qos;
import dev.clip2scene.nodes.transport.RawPublisher;
import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the playback's time on /clock HZ times a second, as `ros2 bag play --clock` does, so nodes with
 * use_sim_time stamp their outputs in bag time. The time is the log time of the last message played, advanced by the
 * wall time since then times the playback rate; nothing is published before the first message.
 */
public final class ClockPublisher implements BagPlayer.PublishListener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ClockPublisher.class);

  private final RawPublisher writer;
  private final double rate;
  private final ScheduledExecutorService timer;
  private long bagNs = Long.MIN_VALUE;
  private long wallNs;

  public ClockPublisher(DdsParticipant dds, double hz, double rate) throws IOException {
    if (!(hz > 0) || Double.isInfinite(hz)) throw new IllegalArgumentException("clock rate must be > 0 Hz, got " + hz);
    this.rate = rate;
    this.writer = dds.publisher("/clock", MessageTypes.CLOCK.name(), Qos.CLOCK);
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "bag-clock");
      t.setDaemon(true);
      return t;
    });
    long periodNs = Math.max(1, Math.round(1e9 / hz));
    timer.scheduleAtFixedRate(this::tick, periodNs, periodNs, TimeUnit.NANOSECONDS);
  }

  @Override
  public synchronized void publishing(BagMessage m, long wallNanos) {
    bagNs = m.logTimeNs();
    wallNs = System.nanoTime();
    publish(bagNs);
  }

  /** The playback time now, or Long.MIN_VALUE before the first message. */
  public synchronized long nowNs() {
    return bagNs == Long.MIN_VALUE ? bagNs : bagNs + Math.round((System.nanoTime() - wallNs) * rate);
  }

  private void tick() {
    long now = nowNs();
    if (now != Long.MIN_VALUE) publish(now);
  }

  private void publish(long ns) {
    try {
      synchronized (writer) {
        writer.publish(MessageTypes.CLOCK.encode(new Clock(Time.ofNanos(ns))));
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("/clock: not published: {}", e.toString());
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    writer.close();
  }
}
