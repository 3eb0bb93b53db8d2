package dev.clip2scene.nodes.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.clip2scene.model.infer.cuda.CudaBench;
import dev.clip2scene.model.infer.cuda.GpuException;
import dev.clip2scene.model.infer.device.DeviceChoice;
import dev.clip2scene.model.net.FusedNetwork;
import dev.clip2scene.model.net.NetworkBench;
import dev.clip2scene.model.net.SparseNetwork;
import dev.clip2scene.model.net.SyntheticSweep;
import dev.clip2scene.model.net.TextEmbeddings;
import dev.clip2scene.model.sparse.Weights;
import dev.clip2scene.model.voxel.PointCloud;
import java.util.ArrayList;
import java.util.List;
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
      "effective rate (2 x multiply-adds of a forward, convolutions counted from kernel-map pairs, / forward time).",
      "With --device cuda: the CUDA engine, points in to labels out, per stage (upload, voxelize, kernel maps, convolutions,",
      "head and labels, download) p50/p99 over --clouds clouds, and the device memory it holds at its peak."
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

  @Option(names = "--device", defaultValue = "cpu", paramLabel = "DEV",
      description = "cpu (the CPU engine, DJL and training), cuda or cuda:N (the CUDA engine), auto (CUDA where it runs) (default: ${DEFAULT-VALUE})")
  String device;

  @Option(names = "--precision", defaultValue = "float16", paramLabel = "P", description = "the CUDA engine's: float16 or float32 (default: ${DEFAULT-VALUE})")
  String precision;

  @Option(names = "--clouds", defaultValue = "200", description = "CUDA: measured clouds after 20 warm-up ones (default: ${DEFAULT-VALUE})")
  int clouds;

  @Option(names = "--json", description = "print one JSON object")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (points < 100) throw new CommandLine.ParameterException(spec.commandLine(), "--points must be at least 100");
    if (repeats < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--repeats must be at least 1");
    NetworkConfig config;
    try {
      config = NetworkConfig.preset(network);
      if (voxel != null) config = config.withVoxelSize(voxel);
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
    var out = spec.commandLine().getOut();
    DeviceChoice choice;
    try {
      choice = DeviceChoice.parse(device, precision);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    if (choice.kind() != DeviceChoice.Kind.CPU) {
      if (clouds < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--clouds must be at least 1");
      try {
        CudaBench.Result g = cudaBench(config, choice);
        if (json) {
          out.println(new ObjectMapper().writeValueAsString(g));
        } else {
          printCuda(out, config, g);
        }
        return 0;
      } catch (GpuException e) {
        if (choice.kind() == DeviceChoice.Kind.CUDA) throw new IllegalStateException("device " + choice.describe() + ": " + e.getMessage(), e);
        spec.commandLine().getErr().println("no CUDA engine here (" + e.getMessage() + "): the CPU engine is benchmarked");
      }
    }
    NetworkBench.Result r = NetworkBench.run(config, points, repeats);
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

  /** The network with seeded random weights on the CUDA engine, over 8 different synthetic sweeps of --points. */
  private CudaBench.Result cudaBench(NetworkConfig config, DeviceChoice choice) {
    List<PointCloud> sweeps = new ArrayList<>();
    for (int seed = 1; seed <= 8; seed++) sweeps.add(SyntheticSweep.generate(points, seed).cloud());
    try (NDManager base = NDManager.newBaseManager(); Weights w = new Weights(base, DataType.FLOAT32, 1)) {
      FusedNetwork fused = SparseNetwork.create(config, w).fuse();
      float[] text = new float[SyntheticSweep.CLASSES.size() * config.outputDim()];
      java.util.Random r = new java.util.Random(3);
      for (int i = 0; i < text.length; i++) text[i] = (float) r.nextGaussian();
      return CudaBench.run(fused, null, sweeps, new TextEmbeddings(SyntheticSweep.CLASSES, config.outputDim(), text), choice.half(),
          choice.ordinal(), 20, clouds);
    }
  }

  private static void printCuda(java.io.PrintWriter out, NetworkConfig config, CudaBench.Result g) {
    out.printf("network            %s, %s, %s; kernels: %s%n", config.architecture().name().toLowerCase(java.util.Locale.ROOT), g.device(),
        g.precision(), g.kernels());
    out.printf("clouds             %d measured, %,d points each, points in -> labels out; p50 / p99 ms%n", g.clouds(), g.points());
    String[] names = {"upload", "voxelize", "kernel maps", "convolutions", "head + labels", "download", "device total", "end to end (host)"};
    CudaBench.Stage[] stages = {g.upload(), g.voxelize(), g.maps(), g.convolutions(), g.head(), g.download(), g.deviceTotal(), g.endToEnd()};
    for (int i = 0; i < names.length; i++) out.printf("%-18s %8.3f / %8.3f%n", names[i], stages[i].p50(), stages[i].p99());
    out.printf("device memory      %.0f MiB engine (weights + buffers for %,d points), %.0f MiB in use at the peak%n",
        g.peakEngineBytes() / 1048576.0, g.capacity(), g.deviceUsedBytes() / 1048576.0);
  }
}
