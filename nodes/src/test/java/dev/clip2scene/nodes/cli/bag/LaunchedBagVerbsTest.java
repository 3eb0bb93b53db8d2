package dev.clip2scene.nodes.cli.bag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.clip2scene.nodes.cli.Clip2SceneCommand;
import dev.clip2scene.nodes.cli.RosArgsTail;
import dev.clip2scene.nodes.launch.LaunchFile;
import dev.clip2scene.nodes.launch.LaunchProcess;
import dev.clip2scene.nodes.params.RosArgs;
import dev.clip2scene.nodes.perception.PerceptionSettings;
import dev.clip2scene.testkit.Fixtures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command lines the shipped field test launch file produces are accepted by the verbs they name. */
class LaunchedBagVerbsTest {

  @Test
  void fieldTestCommandLinesParse() {
    List<LaunchProcess> ps = LaunchFile.evaluate(Fixtures.root().resolve("launch/field_test.launch.xml"),
        Map.of("bag", "/data/run1", "out", "/tmp/out", "cloud_topic", "/velodyne_points"), Fixtures.root(), Map.of());
    for (LaunchProcess p : ps) {
      List<String> args = p.command().subList(1, p.command().size());
      CommandLine.ParseResult r = Clip2SceneCommand.commandLine().parseArgs(args.toArray(String[]::new));
      CommandLine.ParseResult leaf = r;
      while (leaf.hasSubcommand()) leaf = leaf.subcommand();
      Object verb = leaf.commandSpec().userObject();
      if (verb instanceof BagRecordCommand rec) {
        RosArgs ros = RosArgsTail.split(rec.topics, rec.rosArgs, leaf.commandSpec());
        assertEquals(List.of("/points_semantic", "/clip2scene/label_map", "/diagnostics"), rec.topics);
        assertEquals("bag_record", ros.nodeName());
      } else if (verb instanceof BagPlayCommand play) {
        assertEquals(1.0, play.rate);
        assertEquals(5.0, play.delay);
        assertEquals("bag_play", RosArgsTail.split(play.topics, play.rosArgs, leaf.commandSpec()).nodeName());
      } else {
        // the perception node: its ros-args resolve against the shipped params file, with the launch remap
        assertEquals("perception", leaf.commandSpec().name());
        List<String> ros = new java.util.ArrayList<>(List.of("--ros-args", "--params-file"));
        ros.add(Fixtures.root().resolve("launch/perception.params.yaml").toString());
        PerceptionSettings s = PerceptionSettings.from(RosArgs.parse(args.subList(1, args.size()).toArray(String[]::new)));
        assertEquals("/velodyne_points", s.cloudTopic());
        assertEquals("/points_semantic", s.outputTopic());
        assertEquals(PerceptionSettings.from(RosArgs.parse(ros.toArray(String[]::new))).queueDepth(), s.queueDepth());
      }
    }
  }

  @Test
  void bagVerbsRefuseParameters() {
    CommandLine cli = Clip2SceneCommand.commandLine();
    CommandLine.ParseResult r = cli.parseArgs("bag", "record", "/tmp/x", "--topics", "/tf", "--ros-args", "-p", "a:=1");
    BagRecordCommand rec = (BagRecordCommand) r.subcommand().subcommand().commandSpec().userObject();
    assertThrows(CommandLine.ParameterException.class,
        () -> RosArgsTail.split(rec.topics, rec.rosArgs, r.subcommand().subcommand().commandSpec()));
  }
}
