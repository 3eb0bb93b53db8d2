package dev.clip2scene.nodes.cli.perception;

import dev.clip2scene.nodes.cli.StopSignals;
import dev.clip2scene.nodes.params.RosArgs;
import dev.clip2scene.nodes.perception.PerceptionNode;
import dev.clip2scene.nodes.perception.PerceptionParameters;
import dev.clip2scene.nodes.perception.PerceptionSettings;
import dev.clip2scene.nodes.transport.TransportOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code clip2scene perception [--params-file F] [--ros-args ...]}: runs the perception node until Ctrl-C / SIGTERM,
 * then exits 0.
 */
@Command(name = "perception", mixinStandardHelpOptions = true,
    description = {"Run the perception node: a PointCloud2 topic in, a semantic PointCloud2 (x, y, z, intensity, "
        + "label, score, rgb), the LabelMap, diagnostics and (optionally) camera label overlays out. Parameters (below, "
        + "and launch/perception.params.yaml): override with --ros-args -p name:=value or --params-file FILE, rename "
        + "topics with -r /points:=/my_points.",
        "Runs until Ctrl-C or SIGTERM, then exits 0; exits with 1 if its inference thread dies."},
    footerHeading = "%nParameters (type, default; accepted values; live = changeable while running):%n",
    usageHelpWidth = 120, // the parameter list is wrapped at 106 columns
    subcommands = {PerceptionBenchCommand.class})
public final class PerceptionCommand implements Callable<Integer> {
  @CommandLine.Option(names = "--params-file", paramLabel = "FILE", description = "ROS 2 parameters YAML (repeatable)")
  List<Path> paramsFiles = new ArrayList<>();

  @CommandLine.Option(names = "--device", paramLabel = "DEV",
      description = "sets the node parameter device: auto, cpu, cuda or cuda:N (default: the parameter's, auto)")
  String device;

  @CommandLine.Option(names = "--precision", paramLabel = "P",
      description = "sets the node parameter precision: float16 or float32 (default: the parameter's, float16)")
  String precision;

  @CommandLine.Unmatched
  List<String> rosArgs = new ArrayList<>();

  private CommandLine.Model.CommandSpec spec;

  /** Picocli's spec of this command; --help's footer lists every parameter, from the node's table. */
  @CommandLine.Spec
  void setSpec(CommandLine.Model.CommandSpec s) {
    spec = s;
    s.usageMessage().footer(PerceptionParameters.TABLE.helpText().stream().map(l -> l.replace("%", "%%")).toArray(String[]::new));
  }

  @Override
  public Integer call() throws Exception {
    List<String> args = new ArrayList<>(rosArgs);
    if (!args.isEmpty() && !args.get(0).equals("--ros-args")) {
      throw new CommandLine.ParameterException(spec.commandLine(), "unexpected argument '" + args.get(0)
          + "' (node parameters go after --ros-args: --ros-args -p name:=value)");
    }
    for (Path f : paramsFiles) args.addAll(List.of("--ros-args", "--params-file", f.toString()));
    // last: these win over parameter files and -p
    if (device != null) args.addAll(List.of("--ros-args", "-p", "device:=" + device));
    if (precision != null) args.addAll(List.of("--ros-args", "-p", "precision:=" + precision));
    PerceptionSettings settings = PerceptionSettings.from(RosArgs.parse(args.toArray(String[]::new)));
    try (PerceptionNode node = PerceptionNode.start(settings, TransportOptions.fromEnvironment(), true);
         StopSignals signals = StopSignals.install(node::close)) {
      // other ways the JVM shuts down (SIGHUP, System.exit) still close the node's endpoints
      Thread hook = new Thread(node::close, "perception-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      spec.commandLine().getErr().println(settings.nodeName() + ": running (" + settings.cloudTopic() + " -> "
          + settings.outputTopic() + "); Ctrl-C to stop");
      node.awaitTermination(); // closed on a signal, or the inference thread died
      if (node.failure().isPresent()) {
        spec.commandLine().getErr().println(settings.nodeName() + ": the inference thread died: " + node.failure().get());
        return 1;
      }
      removeHook(hook);
      spec.commandLine().getErr().println(settings.nodeName() + ": stopped");
    }
    return 0;
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down and runs the hook, which finds the node closed
    }
  }
}
