package dev.clip2scene.nodes.cli.bag;

import dev.clip2scene.nodes.bag.MessageFilter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code clip2scene bag convert IN OUT [--storage mcap|sqlite3] [--compression zstd|lz4|none]}. */
@Command(name = "convert", mixinStandardHelpOptions = true,
    description = "Copy a bag into a new bag folder, changing storage and/or MCAP compression.")
final class BagConvertCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin CopyPaths paths;

  @Mixin OutputOptions output;

  @Override
  public Integer call() throws Exception {
    return CopyRun.run(spec.commandLine(), "convert", paths.in, paths.out, output, MessageFilter.ALL, "mcap");
  }
}
