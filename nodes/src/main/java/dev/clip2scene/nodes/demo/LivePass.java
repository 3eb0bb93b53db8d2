package dev.clip2scene.nodes.demo;

import dev.clip2scene.msgs.MessageTypes;
import dev.clip2scene.msgs.pointcloud.PointCloud2View;
import dev.clip2scene.model.voxel.CropBox;
import dev.clip2scene.nodes.bag.live.BagPlayer;
import dev.clip2scene.nodes.params.RosArgs;
import dev.clip2scene.nodes.perception.pipeline.CloudTiming;
import dev.clip2scene.nodes.perception.PerceptionNode;
import dev.clip2scene.nodes.perception.PerceptionSettings;
import dev.clip2scene.nodes.transport.DdsParticipant;
import dev.clip2scene.nodes.transport.Qos;
import dev.clip2scene.nodes.transport.RawSubscriber;
import dev.clip2scene.nodes.transport.ReceivedSample;
import dev.clip2scene.nodes.transport.TransportOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * One live run on a loopback-only DDS domain, all in this JVM but as separate participants: the perception node with
 * a model folder, `bag play` of the clouds and /tf, and a viewer that collects every semantic cloud the node publishes.
 * The bag offers its clouds reliably and the node subscribes reliably with an input queue that holds every cloud, so
 * none is lost on a busy machine; the player never runs ahead of the node; what the node did with each cloud is counted
 * and reported.
 */
public final class LivePass {
  public static final String OUTPUT_TOPIC = "/points_semantic";
  /** Discovery on loopback takes well under a second; a minute covers a machine busy with other work. */
  private static final double DISCOVERY_TIMEOUT_S = 60;

  /**
   * What came back: the semantic clouds by header stamp (CDR), the node's per-cloud timings, and the counts that
   * account for every cloud played.
   */
  public record Result(TreeMap<Long, byte[]> clouds, List<CloudTiming> timings, int played, double playedHz, int heldBack,
      long receivedByNode, long processed, long lostOnTheWay, long droppedStale, long skippedNoTransform, long undecodable) {
    /** Why clouds are missing, or "" when every cloud played came back. */
    public String shortfall() {
      if (clouds.size() >= played) return "";
      StringBuilder s = new StringBuilder();
      if (receivedByNode < played) s.append(played - receivedByNode).append(" never reached the node");
      if (lostOnTheWay > 0) append(s, lostOnTheWay + " lost on the way (DDS)");
      if (droppedStale > 0) append(s, droppedStale + " dropped from the node's input queue (inference fell behind)");
      if (skippedNoTransform > 0) append(s, skippedNoTransform + " skipped for a missing transform");
      if (undecodable > 0) append(s, undecodable + " undecodable");
      long unexplained = played - clouds.size() - Math.max(0, played - receivedByNode) - droppedStale - skippedNoTransform - undecodable;
      if (unexplained > 0) append(s, unexplained + " processed but not received by the viewer");
      return s.toString();
    }

    private static void append(StringBuilder s, String what) {
      if (s.length() > 0) s.append(", ");
      s.append(what);
    }
  }

  private final TransportOptions transport;
  private final double rate;
  private final CropBox crop;

  /**
   * DOMAIN_ID: the loopback DDS domain; RATE: the fastest playback speed factor (1: as recorded; the player waits for
   * the node where it is slower); CROP: the node's crop box.
   */
  public LivePass(int domainId, double rate, CropBox crop) {
    this.transport = TransportOptions.loopback(domainId);
    this.rate = rate;
    this.crop = crop;
  }

  /** Plays the FRAMES clouds of BAG into a node running MODEL; PROGRESS sees the index of each semantic cloud received. */
  public Result run(Path model, Path bag, int frames, IntConsumer progress) throws IOException, InterruptedException {
    String cloudTopic = SimStudy.pointsTopic();
    PerceptionSettings settings = PerceptionSettings.from(RosArgs.parse("--ros-args", "-p", "model:=" + model,
        "-p", "cloud_topic:=" + cloudTopic, "-p", "output_topic:=" + OUTPUT_TOPIC, "-p", "queue_depth:=" + (frames + 1),
        "-p", "cloud_reliability:=reliable", "-p", "crop_box:=" + cropParameter(),
        "-p", "output_qos_depth:=" + (frames + 1), "-p", "loopback_only:=true", "-p", "diagnostics_period_s:=5.0"));
    TreeMap<Long, byte[]> clouds = new TreeMap<>();
    try (PerceptionNode node = PerceptionNode.start(settings, transport);
        DdsParticipant viewer = new DdsParticipant("clip2scene_demo_viewer", transport);
        DdsParticipant player = new DdsParticipant("clip2scene_demo_player", transport)) {
      RawSubscriber semantic = viewer.subscriber(OUTPUT_TOPIC, MessageTypes.POINT_CLOUD2.name(), Qos.outputs(frames + 1), frames + 1);
      // The first message goes out once the player's writers have matched the node's readers (the player waits), the
      // node's cloud reader has matched the player's writer, and the viewer has matched the node's output. Each cloud
      // goes out at its recorded time (over RATE) or, where the node is slower, once the node is done with the one
      // before: the node keeps up, and the pace it sustains is what is reported.
      boolean[] matched = {false};
      long[] cloudsSent = {0, 0, 0, 0}; // sent, held back, first and last send time
      BagPlayer.Options options = new BagPlayer.Options(rate, false, Set.of(cloudTopic, "/tf", "/tf_static"), 0, 0)
          .waitingForSubscribers(DISCOVERY_TIMEOUT_S);
      BagPlayer.Result played = new BagPlayer(bag, options).play(player, () -> false, (m, t) -> {
        if (!matched[0]) matched[0] = awaitMatched(node, semantic);
        if (!m.topic().equals(cloudTopic)) return;
        if (awaitNode(node, cloudsSent[0])) cloudsSent[1]++;
        long now = System.nanoTime();
        if (cloudsSent[0] == 0) cloudsSent[2] = now;
        cloudsSent[3] = now;
        cloudsSent[0]++;
      });
      long sent = played.published().getOrDefault(cloudTopic, 0L);
      double hz = sent < 2 ? Double.NaN : (sent - 1) / ((cloudsSent[3] - cloudsSent[2]) / 1e9);
      long idleSince = System.nanoTime();
      // until every cloud came back, or nothing new arrived for a while after the node went quiet
      while (clouds.size() < sent && System.nanoTime() - idleSince < 20_000_000_000L) {
        ReceivedSample s = semantic.poll(200, TimeUnit.MILLISECONDS);
        if (s == null) {
          if (done(node) < node.cloudsReceived()) idleSince = System.nanoTime();
          continue;
        }
        clouds.put(PointCloud2View.decode(s.cdr()).header().stamp().toNanos(), s.cdr());
        progress.accept(clouds.size() - 1);
        idleSince = System.nanoTime();
      }
      return new Result(clouds, node.stats().recent(), (int) sent, hz, (int) cloudsSent[1], node.cloudsReceived(), node.stats().processed(),
          node.cloudsLost(), node.cloudsDroppedStale(), node.stats().tfFailures(), node.stats().badClouds());
    }
  }

  /** Clouds the node is done with: published, or dropped for a counted reason. */
  private static long done(PerceptionNode node) {
    return node.stats().processed() + node.cloudsDroppedStale() + node.stats().tfFailures() + node.stats().badClouds();
  }

  /** Waits until the node is done with the SENT clouds before this one (up to 10 s each); true if it had to wait. */
  private static boolean awaitNode(PerceptionNode node, long sent) {
    if (done(node) >= sent) return false;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (done(node) < sent && System.nanoTime() < deadline) java.util.concurrent.locks.LockSupport.parkNanos(1_000_000L);
    return true;
  }

  /** Waits (up to a minute, for a very busy machine) until node and player, and viewer and node, have matched. */
  private static boolean awaitMatched(PerceptionNode node, RawSubscriber semantic) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos((long) DISCOVERY_TIMEOUT_S);
    try {
      while ((node.matchedCloudPublishers() == 0 || semantic.matchedWriters() == 0) && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return true;
  }

  private String cropParameter() {
    return String.format(Locale.ROOT, "[%s,%s,%s,%s,%s,%s]", (double) crop.minX(), (double) crop.minY(), (double) crop.minZ(),
        (double) crop.maxX(), (double) crop.maxY(), (double) crop.maxZ());
  }
}
