package dev.clip2scene.nodes.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Handles SIGINT and SIGTERM as a request to stop, so that a verb can finish and exit 0 as ROS 2 nodes do (ros2
 * launch reports any other exit as a death). The first signal runs the action once and gives the signals back to
 * the JVM, so a second Ctrl-C takes the JVM's own path (shutdown hooks, exit 130/143). A signal ignored when the
 * JVM started (nohup) stays ignored: the JVM refuses to handle it.
 */
public final class StopSignals implements AutoCloseable {
  private static final String[] NAMES = {"INT", "TERM"};
  private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();
  private final AtomicBoolean fired = new AtomicBoolean();
  private final Runnable action;

  private StopSignals(Runnable action) {
    this.action = action;
  }

  /** Installs the handlers; a signal the JVM keeps for itself (e.g. under -Xrs) is left to the JVM. */
  public static StopSignals install(Runnable action) {
    StopSignals s = new StopSignals(action);
    synchronized (s) {
      for (String name : NAMES) {
        Signal signal = new Signal(name);
        try {
          s.previous.put(signal, Signal.handle(signal, s::received));
        } catch (IllegalArgumentException e) {
          // reserved by the JVM: its shutdown hooks still run on this signal
        }
      }
    }
    return s;
  }

  private void received(Signal signal) {
    if (!fired.compareAndSet(false, true)) return;
    restore();
    action.run();
  }

  @Override
  public void close() {
    restore();
  }

  private synchronized void restore() {
    previous.forEach(Signal::handle);
    previous.clear();
  }
}
