package dev.clip2scene.nodes.cli.clip;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code clip2scene clip ...}: the CLIP teacher from the command line. */
@Command(
    name = "clip",
    mixinStandardHelpOptions = true,
    description = "CLIP teacher: text embeddings for a vocabulary, MaskCLIP dense features and pseudo-labels, benchmark.",
    subcommands = {ClipEmbedCommand.class, ClipDenseCommand.class, ClipBenchCommand.class})
public final class ClipCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a sub-verb is required: embed, dense or bench");
  }
}
