package dev.clip2scene.model.infer.device;

import dev.clip2scene.model.infer.CpuEngine;
import dev.clip2scene.model.infer.cuda.CudaEngine;
import dev.clip2scene.model.infer.cuda.CudaSegmenter;
import dev.clip2scene.model.net.CpuSegmenter;
import dev.clip2scene.model.net.DjlSegmenter;
import dev.clip2scene.model.net.FusedNetwork;
import dev.clip2scene.model.net.ModelFolder;
import dev.clip2scene.model.net.NetworkConfig;
import dev.clip2scene.model.net.PointFeatures;
import dev.clip2scene.model.net.Segmentation;
import dev.clip2scene.model.net.Segmenter;
import dev.clip2scene.model.net.SparseNetwork;
import dev.clip2scene.model.net.StageTimes;
import dev.clip2scene.model.net.TextEmbeddings;
import dev.clip2scene.model.voxel.CropBox;
import dev.clip2scene.model.voxel.PointCloud;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * Opens the {@link Segmenter} a {@link DeviceChoice} asks for. {@code cuda[:N]} must get the CUDA engine (else an
 * error saying why); {@code auto} takes it when a device is present and the engine loads, else the CPU engine;
 * {@code cpu} the CPU engine (DJL where the JVM lacks the Vector API). Every segmenter it returns has an
 * {@link Segmenter#engineLine} naming the engine and why it was chosen, e.g. "network on cpu-engine (2 threads): no
 * CUDA driver (libcuda.so.1 not found)".
 */
public final class Inference {
  private Inference() {}

  /** A model folder, read straight into folded form (no libtorch unless DJL is the only way to run it). */
  public static Segmenter open(Path modelFolder, CropBox crop, DeviceChoice choice) {
    return open(modelFolder, ModelFolder.read(modelFolder), crop, choice);
  }

  /** A model folder whose CONTENTS (config and text embeddings, files verified) the caller has read already. */
  public static Segmenter open(Path modelFolder, ModelFolder.Contents contents, CropBox crop, DeviceChoice choice) {
    return open(FusedNetwork.load(modelFolder, contents), () -> DjlSegmenter.load(modelFolder, crop), crop, choice);
  }

  /** A network already built (its weights stay owned by their creator). */
  public static Segmenter open(SparseNetwork network, CropBox crop, DeviceChoice choice) {
    return open(network.fuse(), () -> DjlSegmenter.of(network, crop), crop, choice);
  }

  private static Segmenter open(FusedNetwork fused, Supplier<Segmenter> djl, CropBox crop, DeviceChoice choice) {
    String why = "device cpu requested";
    if (choice.kind() != DeviceChoice.Kind.CPU) {
      try {
        return cuda(fused, crop, choice);
      } catch (RuntimeException e) {
        if (choice.kind() == DeviceChoice.Kind.CUDA) {
          throw new IllegalStateException("device " + choice.describe() + " requested, but the CUDA engine cannot run: " + e.getMessage(), e);
        }
        why = e.getMessage();
      }
    }
    if (CpuSegmenter.usable()) return explained(new CpuSegmenter(fused, crop, CpuEngine.defaultEngine()), why);
    String djlWhy = CpuEngine.available() ? "-Dclip2scene.inference=djl" : "the JVM runs without the Vector API (--add-modules jdk.incubator.vector)";
    return explained(djl.get(), why + "; " + djlWhy);
  }

  private static Segmenter cuda(FusedNetwork fused, CropBox crop, DeviceChoice choice) {
    CudaEngine engine = CudaEngine.open(choice.ordinal(), fused, choice.half(), crop);
    String reason = choice.kind() == DeviceChoice.Kind.AUTO ? "device auto, a CUDA device is present" : "device " + choice.describe() + " requested";
    return new CudaSegmenter(engine, "cuda:" + choice.ordinal(), reason, CudaSegmenter.cpuFallback(fused, crop));
  }

  /** SEGMENTER with an engine line that says why it was chosen. */
  static Segmenter explained(Segmenter segmenter, String why) {
    return new Segmenter() {
      @Override
      public NetworkConfig config() {
        return segmenter.config();
      }

      @Override
      public List<Segmentation> segment(List<PointCloud> clouds, TextEmbeddings text) {
        return segmenter.segment(clouds, text);
      }

      @Override
      public List<PointFeatures> features(List<PointCloud> clouds) {
        return segmenter.features(clouds);
      }

      @Override
      public Segmentation segment(PointCloud cloud, TextEmbeddings text, int[] points, int count, PointFeatureConsumer each) {
        return segmenter.segment(cloud, text, points, count, each);
      }

      @Override
      public String backend() {
        return segmenter.backend();
      }

      @Override
      public String engineLine() {
        return "network on " + segmenter.backend() + ": " + why;
      }

      @Override
      public StageTimes lastTimes() {
        return segmenter.lastTimes();
      }

      @Override
      public void close() {
        segmenter.close();
      }
    };
  }
}
