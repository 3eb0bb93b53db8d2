package dev.clip2scene.nodes.cli.pretrain;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clip2scene.model.io.FileTrees;
import dev.clip2scene.nodes.pretrain.LoaderBench;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code clip2scene pretrain bench loader}: the sample loader alone on a nuScenes-sized bag. */
@Command(name = "loader", mixinStandardHelpOptions = true,
    description = {"Sample loader throughput on a generated nuScenes-sized bag (34,000-point sweeps at 20 Hz, six 1600 x 900 JPEG "
        + "cameras, zstd MCAP; written into --dir once and reused): the index pass, then every sample (3 sweeps) read in a "
        + "shuffled order through the read-ahead, clouds only (training from a complete teacher cache) and with every image "
        + "decoded; samples/s and peak RSS."})
final class LoaderBenchCommand implements Callable<Integer> {
  @CommandLine.Option(names = "--frames", defaultValue = "400", description = "sweeps in the bag (default ${DEFAULT-VALUE})")
  int frames;

  @CommandLine.Option(names = "--cameras", defaultValue = "6", description = "cameras (default ${DEFAULT-VALUE})")
  int cameras;

  @CommandLine.Option(names = "--points", defaultValue = "34000", description = "points per sweep (default ${DEFAULT-VALUE})")
  int points;

  @CommandLine.Option(names = "--workers", defaultValue = "2", description = "loader threads (default ${DEFAULT-VALUE})")
  int workers;

  @CommandLine.Option(names = "--prefetch", defaultValue = "8", description = "samples read ahead (default ${DEFAULT-VALUE})")
  int prefetch;

  @CommandLine.Option(names = "--dir", paramLabel = "DIR", description = "where the bag is written and reused (default: a temporary folder, removed)")
  Path dir;

  @Override
  public Integer call() throws Exception {
    Path work = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("clip2scene-loader-bench");
    try {
      var r = LoaderBench.run(new LoaderBench.Settings(frames, cameras, points, workers, prefetch, work));
      System.out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(r));
    } finally {
      if (dir == null) FileTrees.delete(work);
    }
    return 0;
  }
}
