package dev.clip2scene.nodes.cli.bag;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clip2scene.nodes.bag.live.BagPlayer;
import dev.clip2scene.nodes.bag.live.ClockPublisher;
import dev.clip2scene.nodes.cli.DdsOptions;
import dev.clip2scene.nodes.cli.GracefulStop;
import dev.clip2scene.nodes.cli.RosArgsTail;
import dev.clip2scene.nodes.params.ParameterTable;
import dev.clip2scene.nodes.params.ResolvedParameters;
import dev.clip2scene.nodes.params.RosArgs;
import dev.clip2scene.nodes.ros.DdsTransport;
import dev.clip2scene.nodes.ros.RosNode;
import dev.clip2scene.nodes.transport.DdsParticipant;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code clip2scene bag play PATH}: publishes a bag on DDS with its original timing and recorded QoS. */
@Command(name = "play", mixinStandardHelpOptions = true,
    description = "Publish a bag's messages with their original timing and the QoS the bag recorded "
        + "(default: sensor data best effort for sensor types, /tf_static reliable transient local). Topics can be "
        + "renamed with --ros-args -r /from:=/to.")
final class BagPlayCommand implements Callable<Integer> {
  /** The node name `ros2 node list` shows (-r __node:=... renames it). */
  static final String NODE_NAME = "clip2scene_bag_play";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "PATH", description = "bag folder, .mcap or .db3 file")
  Path path;

  @Option(names = "--rate", defaultValue = "1.0", description = "playback speed factor (default ${DEFAULT-VALUE})")
  double rate;

  @Option(names = {"-l", "--loop"}, description = "play again from the start, until Ctrl-C")
  boolean loop;

  @Option(names = "--topics", arity = "1..*", paramLabel = "TOPIC", description = "only these topics")
  List<String> topics = new ArrayList<>();

  @Option(names = "--start-offset", defaultValue = "0", paramLabel = "S", description = "skip the bag's first S seconds")
  double startOffset;

  @Option(names = {"-d", "--delay"}, defaultValue = "0", paramLabel = "S",
      description = "wait S seconds after creating the publishers (lets subscribers discover them)")
  double delay;

  @Option(names = "--wait-for-subscribers", defaultValue = "0", paramLabel = "S",
      description = "before the delay, wait up to S seconds until every topic played has a subscriber (0: do not wait; "
          + "default ${DEFAULT-VALUE})")
  double waitForSubscribers;

  @Option(names = "--wait-for-all-acked", defaultValue = "3000", paramLabel = "MS",
      description = "at the end, wait up to MS milliseconds for reliable subscribers to acknowledge every message, "
          + "which they can only get repaired while the player lives (0: until they have; -1: do not wait; "
          + "default ${DEFAULT-VALUE})")
  long ackTimeoutMs;

  @Option(names = "--clock", arity = "0..1", fallbackValue = "40", paramLabel = "HZ",
      description = "publish the playback time on /clock HZ times a second (40 when HZ is left out), for nodes "
          + "run with use_sim_time:=true")
  Double clockHz;

  @CommandLine.Mixin DdsOptions dds = new DdsOptions();

  @Option(names = "--json", description = "one JSON line at the end: published counts per topic")
  boolean json;

  @CommandLine.Unmatched List<String> rosArgs = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    RosArgs ros = RosArgsTail.split(topics, rosArgs, spec);
    BagPlayer.Options options;
    try {
      if (ackTimeoutMs < -1) throw new IllegalArgumentException("--wait-for-all-acked must be >= -1, got " + ackTimeoutMs);
      double ackTimeoutS = ackTimeoutMs == 0 ? Double.POSITIVE_INFINITY : ackTimeoutMs / 1000.0;
      options = new BagPlayer.Options(rate, loop, Set.copyOf(topics), startOffset, delay, ros.remaps(), ackTimeoutS, waitForSubscribers);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    BagPlayer.Result r;
    if (clockHz != null && !(clockHz > 0)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--clock must be > 0 Hz, got " + clockHz);
    }
    ResolvedParameters params = RosNode.withCommonParameters(new ParameterTable(NODE_NAME, List.of())).resolve(ros);
    try (GracefulStop stop = new GracefulStop("bag-play");
        DdsParticipant participant = new DdsParticipant(params.nodeName(), dds.transport());
        RosNode node = RosNode.start(DdsTransport.over(participant), params);
        ClockPublisher clock = clockHz == null ? null : new ClockPublisher(participant, clockHz, rate)) {
      BagPlayer player = new BagPlayer(path, options);
      r = clock == null ? player.play(participant, stop) : player.play(participant, stop, clock);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      ObjectNode o = CliJson.object();
      r.published().forEach(o.putObject("published")::put);
      o.put("loops", r.loops()).put("failed", r.failed());
      r.unacknowledged().forEach(o.putArray("unacknowledged")::add);
      out.println(CliJson.line(o));
    } else {
      out.printf("played %d messages (%d loop(s)) from %s%n", r.total(), r.loops(), path);
      r.published().forEach((t, n) -> out.printf("  %s: %d%n", t, n));
      if (r.failed() > 0) out.printf("  %d message(s) could not be published (see the log)%n", r.failed());
      if (!r.unacknowledged().isEmpty()) {
        out.printf("  not acknowledged by every reliable subscriber before the end: %s%n", String.join(", ", r.unacknowledged()));
      }
    }
    out.flush();
    int damaged = Damage.report("bag play", r.damage(), spec.commandLine().getErr());
    return r.failed() > 0 ? 1 : damaged;
  }
}
