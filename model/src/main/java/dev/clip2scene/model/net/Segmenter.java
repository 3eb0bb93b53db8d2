package dev.clip2scene.model.net;

import dev.clip2scene.model.infer.CpuEngine;
import dev.clip2scene.model.voxel.CropBox;
import dev.clip2scene.model.voxel.PointCloud;
import java.nio.file.Path;
import java.util.List;

/**
 * Inference for the perception node, {@code eval} and the benches: clouds (x, y, z, then the network's input
 * features) in, per-point features, or labels and scores against text embeddings, out. Implemented by the CPU engine
 * ({@link CpuSegmenter}), the CUDA engine ({@code model.infer.cuda}) and, where the JVM lacks the Vector API, DJL
 * ({@link DjlSegmenter}); {@code model.infer.device.Inference} picks one for a device choice. Not thread-safe: one
 * caller at a time.
 *
 * <p>Labels follow METHOD.md: argmax over classes of the dot product of the (unnormalised) point feature with
 * each text embedding. Scores are the softmax probability of that class over those dot products.
 */
public interface Segmenter extends AutoCloseable {
  NetworkConfig config();

  /** Segments clouds (each its own batch index, one forward pass or one per cloud); results in input order. */
  List<Segmentation> segment(List<PointCloud> clouds, TextEmbeddings text);

  default Segmentation segment(PointCloud cloud, TextEmbeddings text) {
    return segment(List.of(cloud), text).get(0);
  }

  List<PointFeatures> features(List<PointCloud> clouds);

  default PointFeatures features(PointCloud cloud) {
    return features(List.of(cloud)).get(0);
  }

  /** Receives one point's network feature: the dim floats of VALUES from OFFSET, valid during the call only. */
  interface PointFeatureConsumer {
    void accept(int j, float[] values, int offset);
  }

  /**
   * Segments CLOUD and hands EACH the network's feature of every point POINTS[j] (indices into the cloud), j &lt;
   * COUNT, that the network labels: for fusing with image features without copying every point's feature. This
   * default runs the network twice; an engine that holds the features on the host overrides it with one pass.
   */
  default Segmentation segment(PointCloud cloud, TextEmbeddings text, int[] points, int count, PointFeatureConsumer each) {
    if (count < 0 || count > points.length) throw new IllegalArgumentException(count + " of " + points.length + " points");
    PointFeatures f = features(cloud);
    for (int j = 0; j < count; j++) {
      if (f.kept()[points[j]]) each.accept(j, f.values(), points[j] * f.dim());
    }
    return segment(cloud, text);
  }

  /** Where the network runs, short: "cpu-engine (2 threads)", "cuda:0 (GPU, capability, memory, precision)", "djl (cpu())". */
  String backend();

  /** One line for logs and diagnostics: which engine runs the network and why, e.g. after a fallback. */
  default String engineLine() {
    return "network on " + backend();
  }

  /** Stage times of the last segment or features call. */
  StageTimes lastTimes();

  /** Releases the engine's threads and native or device memory. */
  @Override
  void close();

  /**
   * Loads a model folder for float32 inference on this machine's CPU: the CPU engine, reading the folder straight
   * into folded form (no libtorch), or DJL where the JVM runs without the Vector API.
   */
  static Segmenter load(Path modelFolder, CropBox crop) {
    return CpuSegmenter.usable() ? new CpuSegmenter(FusedNetwork.load(modelFolder), crop, CpuEngine.defaultEngine())
        : DjlSegmenter.load(modelFolder, crop);
  }

  /** Wraps a network already built, on the CPU as {@link #load}; its weights stay owned by their creator. */
  static Segmenter of(SparseNetwork network, CropBox crop) {
    return CpuSegmenter.usable() ? new CpuSegmenter(network.fuse(), crop, CpuEngine.defaultEngine()) : DjlSegmenter.of(network, crop);
  }
}
