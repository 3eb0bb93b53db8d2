package dev.clip2scene.nodes.cli.bag;

import dev.clip2scene.nodes.bag.WriterOptions;
import dev.clip2scene.nodes.bag.mcap.ChunkCodec;
import dev.clip2scene.nodes.bag.mcap.McapWriter;
import picocli.CommandLine.Option;

/** How convert and filter write their output bag. */
final class OutputOptions {
  @Option(names = "--storage", paramLabel = "mcap|sqlite3", description = "output storage (default: ${DEFAULT-VALUE}"
      + " for convert, the input's for filter)")
  String storage;

  @Option(names = "--compression", paramLabel = "zstd|lz4|none", defaultValue = "zstd",
      description = "MCAP chunk compression (default: ${DEFAULT-VALUE})")
  String compression;

  @Option(names = "--chunk-size", paramLabel = "BYTES", description = "MCAP uncompressed chunk size (default: 4 MiB)")
  int chunkSize = McapWriter.DEFAULT_CHUNK_SIZE;

  @Option(names = "--split-size", paramLabel = "BYTES", description = "start a new storage file at this size "
      + "(default: never)")
  long splitBytes;

  @Option(names = "--progress", negatable = true, description = "show a progress bar (default: when stderr is a "
      + "terminal)")
  Boolean progress;

  WriterOptions toWriterOptions(String defaultStorage) {
    String s = storage == null ? defaultStorage : storage;
    ChunkCodec codec = ChunkCodec.byName(compression);
    return new WriterOptions(s, codec, chunkSize, splitBytes);
  }

  boolean showProgress() {
    return progress != null ? progress : System.console() != null;
  }
}
