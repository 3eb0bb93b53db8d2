package dev.clip2scene.model.net;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.clip2scene.model.infer.CpuEngine;
import dev.clip2scene.model.infer.FusedPass;
import dev.clip2scene.model.infer.RowArena;
import dev.clip2scene.model.sparse.ForwardContext;
import dev.clip2scene.model.sparse.KernelMap;
import dev.clip2scene.model.sparse.SparseGeometry;
import dev.clip2scene.model.sparse.Weights;
import dev.clip2scene.model.voxel.VoxelizedBatch;
import dev.clip2scene.model.voxel.Voxelizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Times the network on a synthetic sweep and relates its convolution throughput to the machine's GEMM rate. */
public final class NetworkBench {
  /**
   * @param voxelizeMs voxelization and all kernel maps (Java)
   * @param inference where the eval pass ran: the CPU engine when this JVM has the Vector API, else DJL
   * @param forwardMs one eval-mode pass of the network as the node runs it (inference backend), maps given (median)
   * @param djlForwardMs the same pass on DJL's autograd path (median)
   * @param trainStepMs forward and backward in training mode (median)
   * @param macs multiply-adds of one forward: sparse convolutions counted from the kernel maps' pairs, plus dense layers
   * @param effectiveGflops 2 x macs per second of forwardMs
   * @param neighbours mean active neighbours of the 27 of a level-0 submanifold map, centre included
   */
  public record Result(String network, int points, int voxels, long parameters, double neighbours, long macs,
      String inference, double voxelizeMs, double forwardMs, double djlForwardMs, double trainStepMs, double gemmGflops, double effectiveGflops, double peakRssMb,
      int threads, String device) {}

  private NetworkBench() {}

  public static Result run(NetworkConfig config, int points, int repeats) {
    SyntheticSweep.Labelled sweep = SyntheticSweep.generate(points, 7);
    boolean engineAvailable = CpuEngine.available();
    try (NDManager base = NDManager.newBaseManager(); Weights w = new Weights(base, DataType.FLOAT32, 1);
        CpuEngine engine = engineAvailable ? CpuEngine.defaultEngine() : null) {
      SparseNetwork net = SparseNetwork.create(config, w);
      FusedNetwork fused = engineAvailable ? net.fuse() : null;
      RowArena arena = new RowArena(); // as Segmenter: arrays reused from pass to pass
      double gemm = 0;
      double[] prep = new double[repeats];
      double[] fwd = new double[repeats];
      double[] djl = new double[repeats];
      double[] step = new double[repeats];
      long macs = 0;
      int voxels = 0;
      double neighbours = 0;
      for (int i = -1; i < repeats; i++) { // pass -1 warms up
        gemm = Math.max(gemm, gemmGflops(base)); // between passes, so a busy machine slows both alike
        long t0 = System.nanoTime();
        VoxelizedBatch batch = new Voxelizer(config.voxelSize(), null).voxelize(sweep.cloud());
        SparseGeometry g = new SparseGeometry(batch);
        KernelMap sub = g.submanifold(0, 3);
        for (int l = 1; l <= 4; l++) g.submanifold(l, 3);
        g.up(3);
        long t1 = System.nanoTime();
        if (fused != null) {
          FusedPass pass = new FusedPass(engine, g, arena);
          fused.forward(pass);
          macs = pass.macs();
          arena.recycle();
        }
        long t1b = System.nanoTime();
        try (NDManager m = base.newSubManager()) {
          ForwardContext ctx = new ForwardContext(m, false, g, DataType.FLOAT32, 1);
          net.forward(ctx).toFloatArray(); // forces the computation to finish
          macs = ctx.macs();
        }
        long t2 = System.nanoTime();
        try (NDManager m = base.newSubManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
          ForwardContext ctx = new ForwardContext(m, true, g, DataType.FLOAT32, 1);
          NDArray out = net.forward(ctx);
          gc.backward(out.mul(out).mean());
        }
        long t3 = System.nanoTime();
        if (i >= 0) {
          prep[i] = (t1 - t0) / 1e6;
          djl[i] = (t2 - t1b) / 1e6;
          fwd[i] = fused != null ? (t1b - t1) / 1e6 : djl[i];
          step[i] = (t3 - t2) / 1e6;
        }
        voxels = batch.voxelCount();
        neighbours = 1 + (double) sub.pairs() / sub.outCount();
      }
      double forwardMs = median(fwd);
      String inference = fused != null ? "cpu-engine" : "djl";
      return new Result(config.architecture().name().toLowerCase(java.util.Locale.ROOT), points, voxels,
          w.parameterCount(), neighbours, macs, inference, median(prep), forwardMs, median(djl), median(step), gemm,
          2.0 * macs / (forwardMs * 1e6), peakRssMb(), threads(), base.getDevice().toString());
    }
  }

  /** Best of two 2048 x 2048 float32 matrix products: what this machine's BLAS reaches on large GEMMs. */
  static double gemmGflops(NDManager base) {
    int n = 2048;
    double best = 0;
    try (NDManager m = base.newSubManager()) {
      NDArray a = m.randomUniform(-1, 1, new Shape(n, n));
      NDArray b = m.randomUniform(-1, 1, new Shape(n, n));
      for (int i = 0; i < 2; i++) {
        long t0 = System.nanoTime();
        try (NDArray c = a.matMul(b)) {
          c.getFloat(0, 0);
        }
        double s = (System.nanoTime() - t0) / 1e9;
        best = Math.max(best, 2.0 * n * n * n / s / 1e9);
      }
    }
    return best;
  }

  /** Peak resident set (VmHWM) of this process in MB, or NaN where /proc is absent. */
  public static double peakRssMb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
      }
    } catch (IOException | NumberFormatException e) {
      return Double.NaN;
    }
    return Double.NaN;
  }

  /** libtorch's intra-op threads: the configured count, else one per core. */
  private static int threads() {
    String configured = System.getProperty("ai.djl.pytorch.num_threads");
    return configured != null ? Integer.parseInt(configured) : Runtime.getRuntime().availableProcessors();
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }
}
