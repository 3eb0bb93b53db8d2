package dev.clip2scene.nodes.demo;

import dev.clip2scene.msgs.MessageTypes;
import dev.clip2scene.msgs.pointcloud.PointCloud2View;
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
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * One live run on a loopback-only DDS domain, all in this JVM but as separate participants: the perception node with
 * a model folder, `bag play` of the clouds and /tf, and a viewer that collects every semantic cloud the node publishes.
 * The node's input queue holds every cloud of the bag, so none is dropped while the CPU network catches up.
 */
public final class LivePass {
  public static final String OUTPUT_TOPIC = "/points_semantic";

  /** What came back: the semantic clouds by header stamp (CDR) and the node's per-cloud timings. */
  public record Result(TreeMap<Long, byte[]> clouds, List<CloudTiming> timings, int played) {}

  private final TransportOptions transport;
  private final double rate;

  /** DOMAIN_ID: the loopback DDS domain; RATE: playback speed factor. */
  public LivePass(int domainId, double rate) {
    this.transport = TransportOptions.loopback(domainId);
    this.rate = rate;
  }

  /** Plays the FRAMES clouds of BAG into a node running MODEL; PROGRESS sees the index of each semantic cloud received. */
  public Result run(Path model, Path bag, int frames, IntConsumer progress) throws IOException, InterruptedException {
    String cloudTopic = SimStudy.pointsTopic();
    PerceptionSettings settings = PerceptionSettings.from(RosArgs.parse("--ros-args", "-p", "model:=" + model,
        "-p", "cloud_topic:=" + cloudTopic, "-p", "output_topic:=" + OUTPUT_TOPIC, "-p", "queue_depth:=" + (frames + 1),
        "-p", "output_qos_depth:=" + (frames + 1), "-p", "loopback_only:=true", "-p", "diagnostics_period_s:=5.0"));
    TreeMap<Long, byte[]> clouds = new TreeMap<>();
    try (PerceptionNode node = PerceptionNode.start(settings, transport);
        DdsParticipant viewer = new DdsParticipant("clip2scene_demo_viewer", transport);
        DdsParticipant player = new DdsParticipant("clip2scene_demo_player", transport)) {
      RawSubscriber semantic = viewer.subscriber(OUTPUT_TOPIC, MessageTypes.POINT_CLOUD2.name(), Qos.outputs(frames + 1), frames + 1);
      BagPlayer.Result played = new BagPlayer(bag, new BagPlayer.Options(rate, false,
          Set.of(cloudTopic, "/tf", "/tf_static"), 0, 1.5)).play(player, () -> false);
      long sent = played.published().getOrDefault(cloudTopic, 0L);
      long idleSince = System.nanoTime();
      // until every cloud came back, or nothing new arrived for a while after the node went quiet
      while (clouds.size() < sent && System.nanoTime() - idleSince < 20_000_000_000L) {
        ReceivedSample s = semantic.poll(200, TimeUnit.MILLISECONDS);
        if (s == null) {
          if (node.stats().processed() + node.cloudsDroppedStale() < node.cloudsReceived()) idleSince = System.nanoTime();
          continue;
        }
        clouds.put(PointCloud2View.decode(s.cdr()).header().stamp().toNanos(), s.cdr());
        progress.accept(clouds.size() - 1);
        idleSince = System.nanoTime();
      }
      return new Result(clouds, node.stats().recent(), (int) sent);
    }
  }
}
