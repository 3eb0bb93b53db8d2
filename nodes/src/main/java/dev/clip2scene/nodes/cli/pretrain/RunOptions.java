package dev.clip2scene.nodes.cli.pretrain;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;

/** The options of the training verbs (pretrain, finetune). */
final class RunOptions {
  @CommandLine.Option(names = "--bag", paramLabel = "BAG", description = "bag folder or file; repeat for several (required)")
  List<Path> bags;

  @CommandLine.Option(names = "--config", paramLabel = "FILE", description = "YAML settings over the defaults (with --resume: DIR/config.yaml)")
  Path config;

  @CommandLine.Option(names = "--out", paramLabel = "DIR", description = "run directory (required)")
  Path out;

  @CommandLine.Option(names = "--resume", description = "continue from DIR/checkpoint")
  boolean resume;

  @CommandLine.Option(names = "--seed", paramLabel = "S", description = "random seed (default 0, or the resumed run's)")
  Long seed;

  @CommandLine.Option(names = "--no-progress", description = "no progress bar")
  boolean noProgress;

  @CommandLine.Option(names = "--json", description = "print a JSON summary at the end")
  boolean json;

  void requireBagsAndOut(CommandLine.Model.CommandSpec spec) {
    if (bags == null || out == null) throw new CommandLine.ParameterException(spec.commandLine(), "--bag and --out are required");
  }
}
