package dev.clip2scene.nodes.cli.demo;

import picocli.CommandLine.Command;

/** {@code clip2scene bench <what>}: benchmarks that span several parts of the package. */
@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = LearningBenchCommand.class,
    description = {"Benchmarks across the package (others: model bench, perception bench, pretrain bench)."})
public final class BenchCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "name a benchmark: learning");
  }
}
