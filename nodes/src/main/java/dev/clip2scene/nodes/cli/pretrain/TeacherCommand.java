package dev.clip2scene.nodes.cli.pretrain;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code clip2scene teacher precompute}. */
@Command(name = "teacher", mixinStandardHelpOptions = true, subcommands = {TeacherPrecomputeCommand.class, TeacherBenchCommand.class},
    description = "The CLIP teacher's pass over the images of bags (see 'teacher precompute --help').")
public final class TeacherCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a sub-verb is required: precompute or bench");
  }
}
