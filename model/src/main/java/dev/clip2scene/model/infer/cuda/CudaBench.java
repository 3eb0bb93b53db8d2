package dev.clip2scene.model.infer.cuda;

import dev.clip2scene.model.net.FusedNetwork;
import dev.clip2scene.model.net.StageTimes;
import dev.clip2scene.model.net.TextEmbeddings;
import dev.clip2scene.model.voxel.CropBox;
import dev.clip2scene.model.voxel.PointCloud;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Times the CUDA engine cloud after cloud, as the node runs it (points in, labels and scores out): each stage from
 * the device's events, the whole call on the host clock, percentiles over the measured clouds, and the device memory
 * the engine holds at its peak.
 */
public final class CudaBench {
  /** Percentiles of one stage, milliseconds. */
  public record Stage(double p50, double p99) {}

  /**
   * @param endToEnd points in (Java arrays) to labels and scores out, on the host clock
   * @param peakEngineBytes weights and planned buffers at their largest
   * @param deviceUsedBytes device memory in use beyond what was in use before the engine opened (driver's count:
   *     buffers, weights, kernels, graphs, context), or -1 where unknown
   */
  public record Result(String device, String precision, String kernels, int points, int clouds, Stage upload, Stage voxelize,
      Stage maps, Stage convolutions, Stage head, Stage download, Stage deviceTotal, Stage endToEnd, long peakEngineBytes,
      long deviceUsedBytes, int capacity) {}

  private CudaBench() {}

  /** WARMUP clouds, then COUNT measured, cycling through CLOUDS, on device ORDINAL. */
  public static Result run(FusedNetwork network, CropBox crop, List<PointCloud> clouds, TextEmbeddings text, boolean half, int ordinal,
      int warmup, int count) {
    long before;
    try (CudaDriver probe = CudaDriver.open(ordinal)) {
      before = probe.memoryInfo()[0]; // what is in use before the engine: the context, other processes
    }
    try (CudaEngine engine = CudaEngine.open(ordinal, network, half, crop)) {
      CudaDriver gpu = (CudaDriver) engine.gpu();
      List<StageTimes> times = new ArrayList<>();
      long[] wall = new long[count];
      long least = Long.MAX_VALUE;
      for (int i = -warmup; i < count; i++) {
        PointCloud c = clouds.get(Math.floorMod(i, clouds.size()));
        long t0 = System.nanoTime();
        engine.segment(c, text);
        long t1 = System.nanoTime();
        least = Math.min(least, gpu.memoryInfo()[0]);
        if (i >= 0) {
          wall[i] = t1 - t0;
          times.add(engine.lastTimes());
        }
      }
      int points = 0;
      for (PointCloud c : clouds) points = Math.max(points, c.size());
      return new Result("cuda:" + ordinal + " (" + gpu.info().describe() + ")", half ? "float16" : "float32", gpu.kernels(), points, count,
          stage(times, StageTimes::uploadNs), stage(times, StageTimes::voxelizeNs), stage(times, StageTimes::mapsNs),
          stage(times, StageTimes::convolutionsNs), stage(times, StageTimes::headNs), stage(times, StageTimes::downloadNs),
          stage(times, StageTimes::totalNs), percentiles(wall), engine.peakDeviceBytes(), before - least, engine.capacity());
    }
  }

  private static Stage stage(List<StageTimes> times, ToLongFunction<StageTimes> f) {
    return percentiles(times.stream().mapToLong(f).toArray());
  }

  static Stage percentiles(long[] nanos) {
    long[] s = nanos.clone();
    Arrays.sort(s);
    return new Stage(s[(int) Math.ceil(0.50 * s.length) - 1] / 1e6, s[(int) Math.ceil(0.99 * s.length) - 1] / 1e6);
  }
}
