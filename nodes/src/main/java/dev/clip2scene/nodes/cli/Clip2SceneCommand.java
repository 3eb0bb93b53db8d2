package dev.clip2scene.nodes.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code clip2scene} command line, shaped like the ros2 CLI: {@code clip2scene <verb> [sub-verb] [options]}.
 * Exit codes: 0 ok, 1 failed, 2 bad usage.
 */
@Command(
    name = "clip2scene",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Annotation-free 3D semantic segmentation of LiDAR point clouds for ROS 2 (CLIP2Scene).",
    subcommands = {
        CommandLine.HelpCommand.class,
        dev.clip2scene.nodes.cli.calib.CalibCommand.class,
        dev.clip2scene.nodes.cli.transport.TransportCommand.class,
        dev.clip2scene.nodes.cli.launch.LaunchCommand.class,
        dev.clip2scene.nodes.cli.bag.BagCommand.class,
        dev.clip2scene.nodes.cli.msg.MsgCommand.class,
        dev.clip2scene.nodes.cli.clip.ClipCommand.class,
        ModelCommand.class,
        dev.clip2scene.nodes.cli.perception.PerceptionCommand.class,
        dev.clip2scene.nodes.cli.sim.SimCommand.class,
        dev.clip2scene.nodes.cli.demo.DemoCommand.class,
        dev.clip2scene.nodes.cli.demo.BenchCommand.class,
        dev.clip2scene.nodes.cli.importer.ImportCommand.class,
        dev.clip2scene.nodes.cli.pretrain.PretrainCommand.class,
        dev.clip2scene.nodes.cli.pretrain.EvalCommand.class,
        dev.clip2scene.nodes.cli.pretrain.FinetuneCommand.class,
        dev.clip2scene.nodes.cli.pretrain.TeacherCommand.class,
    })
public final class Clip2SceneCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  // read by LogLevels before parsing (logging must be set up before the first logger exists); declared here so that
  // every verb accepts them and lists them in its help
  @CommandLine.Option(names = LogLevels.VERBOSE, scope = CommandLine.ScopeType.INHERIT,
      description = "also print third-party log lines (DJL, libtorch, Fast-DDS) and JVM warnings")
  boolean verbose;

  @CommandLine.Option(names = LogLevels.LOG_LEVEL, scope = CommandLine.ScopeType.INHERIT, paramLabel = "LEVEL",
      description = "level of every logger: error, warn, info, debug or trace (default: info for clip2scene, error for "
          + "third-party libraries)")
  void logLevel(String level) {
    if (!LogLevels.LEVELS.contains(level.toLowerCase(java.util.Locale.ROOT))) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--log-level must be one of error, warn, info, debug, trace; got '" + level + "'");
    }
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a verb is required");
  }

  /** Builds the configured command line; tests call this to run verbs in-process. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Clip2SceneCommand());
    cli.setExecutionExceptionHandler(new FailureHandler());
    return cli;
  }

  public static void main(String[] args) {
    LogLevels.apply(LogLevels.from(args));
    System.exit(commandLine().execute(args));
  }
}
