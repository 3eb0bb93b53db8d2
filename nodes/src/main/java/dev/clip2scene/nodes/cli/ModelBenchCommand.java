package dev.clip2scene.nodes.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clip2scene.model.net.NetworkBench;
import dev.clip2scene.model.net.NetworkConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code clip2scene model bench}: times the network on a synthetic LiDAR sweep. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Times the network on a synthetic 32-beam-like sweep (ground, walls, cars, poles): voxelization and kernel maps,",
      "eval forward, training forward+backward, peak RSS, this machine's 2048x2048 GEMM rate and the network's",
      "effective rate (2 x multiply-adds of a forward, convolutions counted from kernel-map pairs, / forward time)."
    })
public final class ModelBenchCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--points", required = true, description = "points in the sweep")
  int points;

  @Option(names = "--network", defaultValue = "spvcnn", description = "spvcnn, minkunet14a, minkunet18, minkunet34 (default: ${DEFAULT-VALUE})")
  String network;

  @Option(names = "--voxel", description = "voxel size in metres (default: the network's: 0.1 SPVCNN, 0.05 MinkUNet)")
  Double voxel;

  @Option(names = "--threads", description = "libtorch intra-op threads and CPU inference engine threads (default: one per core)")
  Integer threads;

  @Option(names = "--repeats", defaultValue = "3", description = "timed passes after one warm-up; medians are reported (default: ${DEFAULT-VALUE})")
  int repeats;

  @Option(names = "--json", description = "print one JSON object")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (points < 100) throw new CommandLine.ParameterException(spec.commandLine(), "--points must be at least 100");
    if (repeats < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--repeats must be at least 1");
    NetworkConfig config;
    try {
      config = NetworkConfig.preset(network);
      if (voxel != null) {
        config = new NetworkConfig(config.architecture(), config.widths(), config.blocks(), voxel, config.inputFeatures(),
            config.outputDim(), config.stemKernel(), config.dropout(), config.interpolation());
      }
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    // the synthetic sweep carries intensity; feed it to every input channel the network expects
    config = config.withInputFeatures(java.util.List.of("intensity"));
    if (threads != null) {
      System.setProperty("ai.djl.pytorch.num_threads", threads.toString());
      System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
      System.setProperty("clip2scene.inference.threads", threads.toString());
    }
    NetworkBench.Result r = NetworkBench.run(config, points, repeats);
    var out = spec.commandLine().getOut();
    if (json) {
      out.println(new ObjectMapper().writeValueAsString(r));
    } else {
      out.printf("network            %s (%,d parameters), %s, %d threads%n", r.network(), r.parameters(), r.device(), r.threads());
      out.printf("sweep              %,d points -> %,d voxels, %.2f of 27 neighbours active%n", r.points(), r.voxels(), r.neighbours());
      out.printf("voxelize + maps    %.1f ms%n", r.voxelizeMs());
      out.printf("forward            %.1f ms (eval, %s); DJL path %.1f ms%n", r.forwardMs(), r.inference(), r.djlForwardMs());
      out.printf("forward+backward   %.1f ms (training)%n", r.trainStepMs());
      out.printf("multiply-adds      %.2f G per forward (convolutions from kernel-map pairs + dense layers)%n", r.macs() / 1e9);
      out.printf("effective          %.1f GFLOP/s = %.0f %% of GEMM %.1f GFLOP/s%n", r.effectiveGflops(), 100 * r.effectiveGflops() / r.gemmGflops(), r.gemmGflops());
      out.printf("peak RSS           %.0f MB%n", r.peakRssMb());
    }
    return 0;
  }
}
