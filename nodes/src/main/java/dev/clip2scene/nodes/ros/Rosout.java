package dev.clip2scene.nodes.ros;

import dev.clip2scene.msgs.MessageTypes;
import dev.clip2scene.msgs.rcl.Log;
import dev.clip2scene.nodes.transport.Qos;
import dev.clip2scene.nodes.transport.RawPublisher;
import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Publishes the process's log lines at INFO and above on /rosout (rcl_interfaces/msg/Log, transient local keep
 * last 1000 as rcl does) under the node's name, so `ros2 topic echo /rosout` and rqt_console show them. Lines are
 * handed to one publishing thread through a bounded queue: logging never waits on DDS, and a flood drops lines.
 */
public final class Rosout implements AutoCloseable {
  public static final String TOPIC = "/rosout";
  private static final int QUEUE = 1000;

  private final RosNodeName node;
  private final RosClock clock;
  private final RawPublisher writer;
  private final ThreadPoolExecutor sender;
  private final Consumer<LogLines.Line> sink = this::enqueue;

  public Rosout(NodeTransport transport, RosNodeName node, RosClock clock) throws IOException {
    this.node = node;
    this.clock = clock;
    this.writer = transport.publisher(TOPIC, MessageTypes.LOG.name(), Qos.ROSOUT);
    this.sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
      Thread t = new Thread(r, "rosout");
      t.setDaemon(true);
      return t;
    }, new ThreadPoolExecutor.DiscardPolicy());
    LogLines.addSink(sink);
  }

  private void enqueue(LogLines.Line line) {
    Log log = new Log(clock.now(), line.level(), logName(), line.message(), "", line.logger(), 0);
    sender.execute(() -> {
      try {
        writer.publish(MessageTypes.LOG.encode(log));
      } catch (IOException | RuntimeException e) {
        // the console already has the line; /rosout is best kept, never a reason to fail
      }
    });
  }

  /** rcl names a node's logger after the node, dots for slashes: "ns.name". */
  String logName() {
    String ns = node.namespace().equals("/") ? "" : node.namespace().substring(1).replace('/', '.') + ".";
    return ns + node.name();
  }

  @Override
  public void close() {
    LogLines.removeSink(sink);
    sender.shutdown();
    try {
      sender.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    writer.close();
  }
}
