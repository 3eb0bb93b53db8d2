package dev.clip2scene.nodes.cli.bag;

import dev.clip2scene.nodes.bag.MessageFilter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code clip2scene bag convert IN OUT [--storage mcap|sqlite3] [--compression zstd|lz4|none]}. */
@Command(name = "convert", mixinStandardHelpOptions = true,
    description = "Copy a bag into a new bag folder, changing storage and/or MCAP compression.")
final class BagConvertCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "IN", description = "bag folder, .mcap or .db3 file")
  Path in;

  @Parameters(index = "1", paramLabel = "OUT", description = "new bag folder (must not exist or be empty)")
  Path out;

  @Mixin OutputOptions output;

  @Override
  public Integer call() throws Exception {
    return CopyRun.run(spec.commandLine(), "convert", in, out, output, MessageFilter.ALL, "mcap");
  }
}
