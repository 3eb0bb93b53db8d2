package dev.clip2scene.nodes.cli.bag;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clip2scene.nodes.bag.live.BagRecorder;
import dev.clip2scene.nodes.bag.live.RecordedTopic;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code clip2scene bag record OUT --topics ...}: records topics from DDS into an MCAP bag. */
@Command(name = "record", mixinStandardHelpOptions = true,
    description = "Record topics from the graph into a new MCAP bag folder, until --duration, --max-messages or "
        + "Ctrl-C/SIGTERM (the bag is finalised either way).")
final class BagRecordCommand implements Callable<Integer> {
  /** The node name `ros2 node list` shows (-r __node:=... renames it). */
  static final String NODE_NAME = "clip2scene_bag_record";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "OUT", description = "bag folder to create (must not exist or be empty)")
  Path out;

  @Option(names = "--topics", arity = "1..*", required = true, paramLabel = "TOPIC[:TYPE]",
      description = "topics to record; the type (pkg/msg/Type) is needed except for /tf, /tf_static, /diagnostics, "
          + "/points, /points_semantic, /clip2scene/label_map, /clip2scene/vocabulary")
  List<String> topics = new ArrayList<>();

  @Option(names = "--duration", paramLabel = "S", description = "stop after S seconds")
  Double duration;

  @Option(names = "--max-messages", defaultValue = "0", paramLabel = "N", description = "stop after N messages (0: no limit)")
  long maxMessages;

  @CommandLine.Mixin DdsOptions dds = new DdsOptions();

  @Option(names = "--json", description = "one JSON line at the end: recorded counts per topic")
  boolean json;

  @CommandLine.Unmatched List<String> rosArgs = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    RosArgs ros = RosArgsTail.split(topics, rosArgs, spec);
    List<RecordedTopic> parsed = new ArrayList<>();
    try {
      if (topics.isEmpty()) throw new IllegalArgumentException("--topics needs at least one topic");
      for (String t : topics) parsed.add(RecordedTopic.parse(t).remapped(ros::remap));
      if (duration != null && !(duration > 0)) throw new IllegalArgumentException("--duration must be > 0");
      if (maxMessages < 0) throw new IllegalArgumentException("--max-messages must be >= 0");
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    BagRecorder recorder = new BagRecorder(parsed, duration == null ? null : Duration.ofNanos(Math.round(duration * 1e9)), maxMessages);
    BagRecorder.Result r;
    ResolvedParameters params = RosNode.withCommonParameters(new ParameterTable(NODE_NAME, List.of())).resolve(ros);
    try (GracefulStop stop = new GracefulStop("bag-record");
        DdsParticipant participant = new DdsParticipant(params.nodeName(), dds.transport());
        RosNode node = RosNode.start(DdsTransport.over(participant), params)) {
      r = recorder.record(participant, out, stop);
    }
    PrintWriter o = spec.commandLine().getOut();
    if (json) {
      ObjectNode n = CliJson.object();
      n.put("bag", r.bag().toString());
      r.recorded().forEach(n.putObject("recorded")::put);
      n.put("lost", r.lost());
      o.println(CliJson.line(n));
    } else {
      o.printf("recorded %d messages into %s%n", r.total(), r.bag());
      r.recorded().forEach((t, c) -> o.printf("  %s: %d%n", t, c));
      if (r.lost() > 0) o.printf("  %d sample(s) lost on the way (see the log)%n", r.lost());
    }
    o.flush();
    return 0;
  }
}
