package dev.clip2scene.nodes.perception;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.clip2scene.msgs.MessageTypes;
import dev.clip2scene.msgs.builtin.Time;
import dev.clip2scene.msgs.diagnostic.DiagnosticArray;
import dev.clip2scene.msgs.diagnostic.DiagnosticStatus;
import dev.clip2scene.msgs.pointcloud.PointCloud2View;
import dev.clip2scene.msgs.std.Header;
import dev.clip2scene.nodes.params.RosArgs;
import dev.clip2scene.nodes.perception.pipeline.PipelineFixture;
import dev.clip2scene.nodes.ros.TestTransports;
import dev.clip2scene.nodes.transport.DdsParticipant;
import dev.clip2scene.nodes.transport.Qos;
import dev.clip2scene.nodes.transport.RawPublisher;
import dev.clip2scene.nodes.transport.RawSubscriber;
import dev.clip2scene.nodes.transport.ReceivedSample;
import dev.clip2scene.nodes.transport.TestDomains;
import dev.clip2scene.nodes.transport.TransportOptions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * A perception node with a tiny random network in a test domain (loopback only) and a peer participant that
 * publishes its inputs and subscribes to its outputs. Everything stops on close.
 */
final class NodeHarness implements AutoCloseable {
  static final String FRAME = "velodyne";
  static final long T0 = 1_700_000_000_000_000_000L;
  /** A network small enough for a fast test; every stage of the real one runs. */
  static final List<String> TINY = List.of("network_widths:=[4,4,8,8,8,8,8,4,4]", "network_output_dim:=8",
      "diagnostics_period_s:=0.2", "loopback_only:=true");

  final int domain = TestDomains.random();
  final PerceptionNode node;
  final DdsParticipant peer;
  final RawPublisher points;
  final RawSubscriber semantic;
  final RawSubscriber diagnostics;

  NodeHarness(String... overrides) throws IOException, InterruptedException {
    this(TransportOptions.DEFAULT_MAX_SAMPLE_BYTES, overrides);
  }

  NodeHarness(int peerMaxSampleBytes, String... overrides) throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of("--ros-args"));
    for (String o : TINY) args.addAll(List.of("-p", o));
    args.addAll(List.of("-p", "transport:=" + TestTransports.kind()));
    for (String o : overrides) args.addAll(List.of("-p", o));
    node = PerceptionNode.start(PerceptionSettings.from(RosArgs.parse(args.toArray(String[]::new))), TransportOptions.loopback(domain));
    peer = new DdsParticipant("test_peer", TransportOptions.loopback(domain).withMaxSampleBytes(peerMaxSampleBytes));
    points = peer.publisher("/points", "sensor_msgs/msg/PointCloud2", Qos.outputs());
    semantic = peer.subscriber("/points_semantic", "sensor_msgs/msg/PointCloud2", Qos.outputs(), 100);
    diagnostics = peer.subscriber("/diagnostics", "diagnostic_msgs/msg/DiagnosticArray", Qos.outputs(), 100);
    // both sides of each pair: a writer sends only to the readers it has matched, whatever the reader already saw
    await(() -> node.matchedCloudPublishers() > 0 && points.matchedReaders() > 0 && semantic.matchedWriters() > 0
        && diagnostics.matchedWriters() > 0 && node.matchedOutputSubscribers() > 0, 20, "node and peer did not match");
  }

  static Header header(long stampNs) {
    return new Header(Time.ofNanos(stampNs), FRAME);
  }

  /** N random points in a 40 m box around the sensor, intensity 0..1. */
  static float[] randomPoints(int n, long seed) {
    return PipelineFixture.randomPoints(n, seed);
  }

  void publishCloud(long stampNs, float[] xyzi, boolean intensity) throws IOException {
    points.publish(MessageTypes.POINT_CLOUD2.encode(XyziCloud.of(header(stampNs), xyzi, intensity)));
  }

  /** The next semantic cloud within TIMEOUT_S, or empty. */
  Optional<PointCloud2View> nextSemantic(double timeoutS) throws InterruptedException {
    ReceivedSample s = semantic.poll(Math.round(timeoutS * 1000), TimeUnit.MILLISECONDS);
    return s == null ? Optional.empty() : Optional.of(PointCloud2View.decode(s.cdr()));
  }

  PointCloud2View requireSemantic() throws InterruptedException {
    return nextSemantic(20).orElseThrow(() -> new AssertionError("no semantic cloud within 20 s (" + node.stats().lastProblem() + ")"));
  }

  /** The first diagnostics status named "...: WHAT" that MATCHES, waiting up to 10 s. */
  DiagnosticStatus awaitStatus(String what, Predicate<DiagnosticStatus> matches) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    DiagnosticStatus last = null;
    while (System.nanoTime() < deadline) {
      ReceivedSample s = diagnostics.poll(200, TimeUnit.MILLISECONDS);
      if (s == null) continue;
      DiagnosticArray a = MessageTypes.DIAGNOSTIC_ARRAY.decode(s.cdr());
      for (DiagnosticStatus st : a.status()) {
        if (!st.name().endsWith(": " + what)) continue;
        last = st;
        if (matches.test(st)) return st;
      }
    }
    return fail("no diagnostics status '" + what + "' matched within 10 s; last: " + last);
  }

  static String value(DiagnosticStatus s, String key) {
    return s.values().stream().filter(kv -> kv.key().equals(key)).findFirst()
        .orElseThrow(() -> new AssertionError("no key " + key + " in " + s)).value();
  }

  static void await(BooleanSupplier condition, double seconds, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Math.round(seconds * 1e9);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) fail(what + " within " + seconds + " s");
      Thread.sleep(10);
    }
    assertTrue(condition.getAsBoolean());
  }

  @Override
  public void close() {
    if (TestTransports.isDds()) {
      node.close();
      peer.close();
      return;
    }
    // rcl keeps one graph per process: it must forget this peer before the next test's peer appears on the same topics
    peer.close();
    try {
      await(() -> node.matchedCloudPublishers() == 0 && node.matchedOutputSubscribers() == 0, 60,
          "the node's graph did not forget the closed peer");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      node.close();
    }
  }
}
