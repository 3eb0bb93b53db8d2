package dev.clip2scene.nodes.cli.bag;

import java.nio.file.Path;
import picocli.CommandLine.Parameters;

/** IN and OUT of convert and filter. */
final class CopyPaths {
  @Parameters(index = "0", paramLabel = "IN", description = "bag folder, .mcap or .db3 file")
  Path in;

  @Parameters(index = "1", paramLabel = "OUT", description = "new bag folder (must not exist or be empty)")
  Path out;
}
