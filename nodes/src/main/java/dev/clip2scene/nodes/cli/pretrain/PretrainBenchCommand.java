package dev.clip2scene.nodes.cli.pretrain;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clip2scene.model.io.FileTrees;
import dev.clip2scene.model.train.PretrainBench;
import dev.clip2scene.model.train.PretrainConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code clip2scene pretrain bench}: training throughput with a cached teacher, and where the time goes. */
@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = {LoaderBenchCommand.class},
    description = "Pretraining steps on synthetic nuScenes-sized samples (reference SPVCNN, 512-d, six cameras, teacher outputs read from the disk cache): samples/s and seconds per phase.")
final class PretrainBenchCommand implements Callable<Integer> {
  @CommandLine.Option(names = "--points", defaultValue = "35000", description = "points per sample (default ${DEFAULT-VALUE})")
  int points;

  @CommandLine.Option(names = "--cameras", defaultValue = "6", description = "cameras per sample (default ${DEFAULT-VALUE})")
  int cameras;

  @CommandLine.Option(names = "--steps", defaultValue = "3", description = "timed steps after one warm-up step (default ${DEFAULT-VALUE})")
  int steps;

  @CommandLine.Option(names = "--batch", defaultValue = "1", description = "samples per step (default ${DEFAULT-VALUE})")
  int batch;

  @CommandLine.Option(names = "--paper", description = "the paper's losses (contrastive, paper spatial fusion) instead of the reference's")
  boolean paper;

  @Override
  public Integer call() throws Exception {
    PretrainConfig.Loss loss = new PretrainConfig.Loss();
    if (paper) {
      loss.semantic = "contrastive";
      loss.spatial = "paper";
    }
    Path work = Files.createTempDirectory("clip2scene-pretrain-bench");
    try {
      Map<String, Object> r = PretrainBench.run(points, cameras, steps, batch, loss, work);
      System.out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(r));
    } finally {
      FileTrees.delete(work);
    }
    return 0;
  }

}
