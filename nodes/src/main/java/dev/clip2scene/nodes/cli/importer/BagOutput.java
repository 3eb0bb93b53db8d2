package dev.clip2scene.nodes.cli.importer;

import dev.clip2scene.nodes.bag.WriterOptions;
import java.nio.file.Path;
import picocli.CommandLine;

/** The bag an import verb writes: {@code --out BAG --storage mcap|sqlite3}. */
final class BagOutput {
  @CommandLine.Option(names = "--out", required = true, paramLabel = "BAG", description = "bag folder to create (must not exist or be empty)")
  Path folder;

  @CommandLine.Option(names = "--storage", defaultValue = "mcap", paramLabel = "mcap|sqlite3", description = "storage plugin (default: ${DEFAULT-VALUE})")
  String storage;

  WriterOptions writerOptions(CommandLine cli) {
    return switch (storage) {
      case "mcap" -> WriterOptions.MCAP;
      case "sqlite3" -> WriterOptions.SQLITE3;
      default -> throw new CommandLine.ParameterException(cli, "--storage must be mcap or sqlite3, not " + storage);
    };
  }
}
