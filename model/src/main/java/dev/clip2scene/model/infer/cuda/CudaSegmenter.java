package dev.clip2scene.model.infer.cuda;

import dev.clip2scene.model.infer.CpuEngine;
import dev.clip2scene.model.net.CpuSegmenter;
import dev.clip2scene.model.net.FusedNetwork;
import dev.clip2scene.model.net.NetworkConfig;
import dev.clip2scene.model.net.PointFeatures;
import dev.clip2scene.model.net.Segmentation;
import dev.clip2scene.model.net.Segmenter;
import dev.clip2scene.model.net.StageTimes;
import dev.clip2scene.model.net.TextEmbeddings;
import dev.clip2scene.model.voxel.CropBox;
import dev.clip2scene.model.voxel.PointCloud;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CUDA engine behind {@link Segmenter}, one cloud at a time. A device fault (out of memory, a failed launch, a
 * lost device) is logged once, the engine is closed, and this cloud and every later one run on the CPU engine with
 * the same folded network: the caller sees results, never the fault (unless the CPU engine cannot start: then this
 * call and every later one throw, saying both). {@link #engineLine} says which engine runs and
 * why.
 */
public final class CudaSegmenter implements Segmenter {
  private static final Logger LOG = LoggerFactory.getLogger(CudaSegmenter.class);
  private final FusedNetwork network;
  private final String device;
  private final String reason;
  private final Supplier<Segmenter> cpu;
  private CudaEngine engine;
  private Segmenter fallback;
  private String fault;
  private String unusable; // the device failed and the CPU engine could not start either

  /**
   * @param device "cuda:N"
   * @param reason why CUDA was chosen, for the engine line (e.g. "device auto: a CUDA device is present")
   * @param cpu the engine to continue on after a fault (made when first needed)
   */
  public CudaSegmenter(CudaEngine engine, String device, String reason, Supplier<Segmenter> cpu) {
    this.engine = engine;
    this.network = engine.network();
    this.device = device;
    this.reason = reason;
    this.cpu = cpu;
  }

  /** The CPU engine on NETWORK with one thread per core (or -Dclip2scene.inference.threads). */
  public static Supplier<Segmenter> cpuFallback(FusedNetwork network, CropBox crop) {
    return () -> {
      if (!CpuEngine.available()) {
        throw new IllegalStateException("the CPU engine needs the Vector API (java --add-modules jdk.incubator.vector)");
      }
      return new CpuSegmenter(network, crop, CpuEngine.defaultEngine());
    };
  }

  @Override
  public NetworkConfig config() {
    return network.config();
  }

  @Override
  public String backend() {
    if (fallback != null) return fallback.backend();
    if (unusable != null) return device + " (failed)";
    DeviceInfo d = engine.gpu().info();
    return String.format(java.util.Locale.ROOT, "%s (%s, %s, engine holds %.0f MiB)", device, d.describe(), engine.half() ? "float16" : "float32",
        engine.deviceBytes() / 1048576.0);
  }

  @Override
  public String engineLine() {
    if (fallback != null) return "network on " + fallback.backend() + ": " + device + " failed (" + fault + "), continuing on the CPU";
    if (unusable != null) return "network unusable: " + unusable;
    String kernels = engine.gpu() instanceof CudaDriver d ? "; kernels: " + d.kernels() : "";
    return "network on " + backend() + ": " + reason + kernels;
  }

  /** The device's fault that made this segmenter leave the CUDA engine (closed then), or null. */
  public String fault() {
    return fault;
  }

  /** The CUDA engine while it runs (null after a fault). */
  public CudaEngine engine() {
    return fault == null ? engine : null;
  }

  @Override
  public StageTimes lastTimes() {
    return fallback != null ? fallback.lastTimes() : engine.lastTimes();
  }

  @Override
  public List<Segmentation> segment(List<PointCloud> clouds, TextEmbeddings text) {
    List<Segmentation> out = new ArrayList<>();
    for (PointCloud c : clouds) {
      if (unusable != null) throw new IllegalStateException(unusable);
      if (fallback == null) {
        try {
          out.add(engine.segment(c, text));
          continue;
        } catch (GpuException e) {
          failOver(e);
        }
      }
      out.add(fallback.segment(c, text));
    }
    return out;
  }

  @Override
  public List<PointFeatures> features(List<PointCloud> clouds) {
    List<PointFeatures> out = new ArrayList<>();
    for (PointCloud c : clouds) {
      if (unusable != null) throw new IllegalStateException(unusable);
      if (fallback == null) {
        try {
          out.add(engine.features(c));
          continue;
        } catch (GpuException e) {
          failOver(e);
        }
      }
      out.add(fallback.features(c));
    }
    return out;
  }

  private void failOver(GpuException e) {
    fault = String.valueOf(e.getMessage()); // non-null: it also marks the engine as released
    LOG.error("{} failed: {}; moving the network to the CPU engine", device, fault);
    try {
      engine.close();
    } catch (RuntimeException closing) {
      LOG.warn("{}: releasing the device after the fault failed too: {}", device, closing.getMessage());
    }
    try {
      fallback = cpu.get();
    } catch (RuntimeException | OutOfMemoryError start) {
      unusable = device + " failed (" + fault + ") and the CPU engine could not start: " + start.getMessage();
      LOG.error("{}", unusable);
      throw new IllegalStateException(unusable, start);
    }
    LOG.warn("{}", engineLine());
  }

  @Override
  public void close() {
    if (fallback != null) fallback.close();
    else if (fault == null) engine.close(); // after a fault, failOver released it
  }
}
