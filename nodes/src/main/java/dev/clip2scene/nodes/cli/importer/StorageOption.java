package dev.clip2scene.nodes.cli.importer;

import dev.clip2scene.nodes.bag.WriterOptions;
import picocli.CommandLine;

/** {@code --storage mcap|sqlite3} of the import verbs. */
final class StorageOption {
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
