package dev.clip2scene.nodes.cli.transport;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code clip2scene transport ...}: the DDS transport's own tools. */
@Command(name = "transport", mixinStandardHelpOptions = true,
    description = "DDS transport tools (no ROS install needed).",
    subcommands = {TransportBenchCommand.class})
public final class TransportCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a sub-verb is required (bench)");
  }
}
