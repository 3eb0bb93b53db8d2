package dev.clip2scene.nodes.cli.bag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clip2scene.nodes.bag.BagMessage;
import dev.clip2scene.nodes.bag.BagReader;
import dev.clip2scene.nodes.bag.MessageCursor;
import dev.clip2scene.nodes.bag.mcap.ChunkThroughput;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code clip2scene bag bench}: read throughput of a generated zstd MCAP of PointCloud2 sweeps, ours against
 * @mcap/core (Node) on the same file in the same run, and against bare zstd decompression of its chunks.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Benchmark MCAP reading: ours vs @mcap/core vs plain zstd decompression of the same chunks.")
final class BagBenchCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--dir", description = "where the generated bag goes (default: the system temp folder)")
  Path dir = Path.of(System.getProperty("java.io.tmpdir"));

  @Option(names = "--size-mb", description = "size of the generated MCAP in MB (default: ${DEFAULT-VALUE})")
  long sizeMb = 220;

  @Option(names = "--runs", description = "runs of each reader; the best counts (default: ${DEFAULT-VALUE})")
  int runs = 3;

  @Option(names = "--peers", description = "node_modules holding @mcap/core, @mcap/nodejs, @mcap/support "
      + "(default: ${DEFAULT-VALUE}); the @mcap/core row is skipped when absent")
  Path peers = Path.of(".ci/peers/node_modules");

  @Option(names = "--peer-script", description = "the @mcap/core reading script (default: ${DEFAULT-VALUE})")
  Path peerScript = Path.of("nodes/src/test/node/mcap-peer-bench.cjs");

  @Option(names = "--keep", description = "keep the generated bag")
  boolean keep;

  record Row(String reader, double seconds, long messages, long payloadBytes) {}

  @Override
  public Integer call() throws Exception {
    if (runs < 1 || sizeMb < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--runs and --size-mb "
        + "must be >= 1");
    PrintWriter out = spec.commandLine().getOut();
    Path file = Files.createTempFile(dir, "clip2scene-bench-", ".mcap");
    try {
      long t = System.nanoTime();
      long messages = BenchBag.generate(file, sizeMb * 1_000_000);
      long size = Files.size(file);
      out.printf("generated %s: %.1f MB, %d PointCloud2 messages, zstd chunks (%.1f s)%n", file, size / 1e6,
          messages, (System.nanoTime() - t) / 1e9);
      out.flush();
      Row ours = ours(file);
      Row zstd = zstdOnly(file);
      Row peer = peer(file, out);
      out.printf("%nmachine: %d cores available to the JVM, %s %s; best of %d runs%n",
          Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
          System.getProperty("java.version"), runs);
      out.println("| reader | seconds | file MB/s | payload MB/s | messages/s |");
      out.println("|---|---|---|---|---|");
      for (Row r : peer == null ? List.of(ours, zstd) : List.of(ours, peer, zstd)) {
        out.printf("| %s | %.3f | %.0f | %.0f | %.0f |%n", r.reader(), r.seconds(), size / 1e6 / r.seconds(),
            r.payloadBytes() / 1e6 / r.seconds(), r.messages() / r.seconds());
      }
      if (peer != null) out.printf("ratio ours / @mcap/core: %.2fx%n", peer.seconds() / ours.seconds());
      out.printf("ours / zstd-only ceiling: %.0f%% of the ceiling's speed%n", 100 * zstd.seconds() / ours.seconds());
      out.flush();
      return 0;
    } finally {
      if (!keep) Files.deleteIfExists(file);
    }
  }

  private Row ours(Path file) throws IOException {
    Row best = null;
    for (int i = 0; i < runs; i++) {
      long t = System.nanoTime();
      long n = 0;
      long bytes = 0;
      try (BagReader r = BagReader.open(file); MessageCursor c = r.messages()) {
        for (BagMessage m = c.next(); m != null; m = c.next()) {
          n++;
          bytes += m.data().length;
        }
        if (!r.damage().isEmpty()) throw r.damage().get(0);
      }
      Row row = new Row("clip2scene (Java)", (System.nanoTime() - t) / 1e9, n, bytes);
      if (best == null || row.seconds() < best.seconds()) best = row;
    }
    return best;
  }

  private Row zstdOnly(Path file) throws IOException {
    Row best = null;
    for (int i = 0; i < runs; i++) {
      long t = System.nanoTime();
      ChunkThroughput.Totals totals = ChunkThroughput.decompressOnly(file);
      Row row = new Row("zstd decompression only (ceiling)", (System.nanoTime() - t) / 1e9, 0,
          totals.uncompressedBytes());
      if (best == null || row.seconds() < best.seconds()) best = row;
    }
    return best;
  }

  private Row peer(Path file, PrintWriter out) throws IOException, InterruptedException {
    if (!Files.isDirectory(peers.resolve("@mcap/core")) || !Files.isRegularFile(peerScript)) {
      out.println("@mcap/core row skipped: " + peers + " or " + peerScript + " is absent (run from the repository "
          + "root after bin/test installed the peers)");
      return null;
    }
    ProcessBuilder pb = new ProcessBuilder("node", peerScript.toString(), file.toString(), Integer.toString(runs));
    pb.environment().put("NODE_PATH", peers.toAbsolutePath().toString());
    pb.redirectError(ProcessBuilder.Redirect.INHERIT);
    Process p = pb.start();
    String json = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) throw new IOException("the @mcap/core run failed");
    JsonNode j = new ObjectMapper().readTree(json);
    return new Row("@mcap/core " + j.path("version").asText() + " (Node " + j.path("node").asText() + ")",
        j.path("seconds").asDouble(), j.path("messages").asLong(), j.path("bytes").asLong());
  }
}
