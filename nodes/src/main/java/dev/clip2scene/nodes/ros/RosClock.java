package dev.clip2scene.nodes.ros;

import dev.clip2scene.msgs.MessageTypes;
import dev.clip2scene.msgs.builtin.Time;
import dev.clip2scene.nodes.transport.Qos;
import dev.clip2scene.nodes.transport.RawSubscriber;
import dev.clip2scene.nodes.transport.ReceivedSample;
import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The time a node stamps its messages with (rclcpp's ROS time): the system clock, or with use_sim_time the latest
 * time received on /clock (zero until the first one arrives, as in rclcpp). Stage timings and timeouts are not ROS
 * time and do not use this clock.
 */
public final class RosClock implements AutoCloseable {
  public static final String TOPIC = "/clock";
  private static final Logger LOG = LoggerFactory.getLogger(RosClock.class);

  private final RawSubscriber clock;
  private final AtomicLong simNanos = new AtomicLong();
  private final Thread reader;
  private volatile boolean running = true;

  private RosClock(RawSubscriber clock) {
    this.clock = clock;
    if (clock == null) {
      reader = null;
      return;
    }
    reader = new Thread(this::follow, "ros-clock");
    reader.setDaemon(true);
    reader.start();
  }

  /** The system clock. */
  public static RosClock system() {
    return new RosClock(null);
  }

  /** Time from /clock. */
  public static RosClock simulated(NodeTransport transport) throws IOException {
    return new RosClock(transport.subscriber(TOPIC, MessageTypes.CLOCK.name(), Qos.CLOCK, 1));
  }

  public boolean isSimulated() {
    return clock != null;
  }

  /** Now, in nanoseconds since the epoch (or since the simulation's zero). */
  public long nowNanos() {
    if (clock != null) return simNanos.get();
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  public Time now() {
    return Time.ofNanos(nowNanos());
  }

  private void follow() {
    while (running) {
      try {
        ReceivedSample s = clock.poll(200, TimeUnit.MILLISECONDS);
        if (s != null) simNanos.set(MessageTypes.CLOCK.decode(s.cdr()).clock().toNanos());
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        LOG.warn("{}: ignored a bad clock message: {}", TOPIC, e.getMessage());
      }
    }
  }

  @Override
  public void close() {
    running = false;
    if (reader != null) reader.interrupt();
  }
}
