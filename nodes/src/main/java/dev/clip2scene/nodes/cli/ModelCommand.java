package dev.clip2scene.nodes.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code clip2scene model <sub-verb>}: the 3D student network. */
@Command(
    name = "model",
    mixinStandardHelpOptions = true,
    description = "The 3D network (SPVCNN / MinkUNet): benchmarks.",
    subcommands = {ModelBenchCommand.class})
public final class ModelCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a sub-verb is required (bench)");
  }
}
