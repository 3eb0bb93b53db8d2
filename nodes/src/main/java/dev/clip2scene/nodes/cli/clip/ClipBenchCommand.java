package dev.clip2scene.nodes.cli.clip;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clip2scene.model.clip.ClipConfig;
import dev.clip2scene.model.clip.ClipModel;
import dev.clip2scene.model.clip.ClipPreprocessor;
import dev.clip2scene.model.clip.DenseFeatures;
import dev.clip2scene.model.clip.PixelBatch;
import dev.clip2scene.model.clip.RandomClipWeights;
import dev.clip2scene.model.image.RgbImage;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code clip2scene clip bench}: wall time of MaskCLIP dense features at ViT-B/16 sizes with random weights made in
 * memory (no file needed). Sizes that are not multiples of 16 are resized to the nearest multiples first, as
 * {@code clip dense} does; the resize is timed with the preprocessing.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Time ViT-B/16 MaskCLIP dense features (random weights in memory) for image sizes HxW.")
final class ClipBenchCommand implements Callable<Integer> {
  @CommandLine.Option(names = "--size", split = ",", paramLabel = "HxW", converter = ImageSize.Converter.class,
      defaultValue = "224x416,900x1600", description = "image sizes (default: ${DEFAULT-VALUE})")
  List<ImageSize> sizes;

  @CommandLine.Option(names = "--runs", defaultValue = "1", description = "timed runs per size (default: ${DEFAULT-VALUE})")
  int runs;

  @CommandLine.Mixin DeviceOption device = new DeviceOption();

  @CommandLine.Option(names = "--json", description = "print the figures as JSON")
  boolean json;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (runs < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--runs must be at least 1");
    ClipConfig config = RandomClipWeights.vitB16(false);
    PrintWriter o = spec.commandLine().getOut();
    List<Map<String, Object>> rows = new ArrayList<>();
    long loadStart = System.nanoTime();
    try (ClipModel model = ClipModel.load(RandomClipWeights.of(config, 1), config, device.resolve())) {
      double loadSeconds = seconds(loadStart);
      model.image().dense(new ClipPreprocessor(224, 224, true).apply(List.of(randomImage(224, 224)))); // warm-up
      for (ImageSize size : sizes) {
        int patch = config.vision().patchSize();
        int h = Math.max(patch, Math.round(size.height() / (float) patch) * patch);
        int w = Math.max(patch, Math.round(size.width() / (float) patch) * patch);
        RgbImage image = randomImage(size.height(), size.width());
        ClipPreprocessor pre = new ClipPreprocessor(h, w, true);
        List<Double> pres = new ArrayList<>();
        List<Double> denses = new ArrayList<>();
        List<Double> cpus = new ArrayList<>();
        DenseFeatures last = null;
        for (int r = 0; r < runs; r++) {
          long t0 = System.nanoTime();
          PixelBatch pixels = pre.apply(List.of(image));
          pres.add(seconds(t0));
          long t1 = System.nanoTime();
          long c1 = processCpuNanos();
          last = model.image().dense(pixels);
          denses.add(seconds(t1));
          cpus.add(Math.round((processCpuNanos() - c1) / 1e6) / 1e3);
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("image", size.toString());
        row.put("input", h + "x" + w);
        row.put("grid", last.gridHeight() + "x" + last.gridWidth() + "x" + last.dim());
        row.put("preprocess_s", pres);
        row.put("dense_s", denses);
        row.put("dense_cpu_s", cpus);
        rows.add(row);
        if (!json) {
          o.printf("%-10s -> %-9s grid %-10s preprocess %s s  dense %s s wall, %s s CPU%n", size, h + "x" + w, row.get("grid"),
              format(pres), format(denses), format(cpus));
        }
      }
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("model", "ViT-B/16 image tower, random weights");
      result.put("device", model.device().toString());
      result.put("cores", Runtime.getRuntime().availableProcessors());
      result.put("load_s", loadSeconds);
      result.put("load_average", loadAverage());
      result.put("runs", rows);
      if (json) o.println(new ObjectMapper().writeValueAsString(result));
      else o.printf("device %s, %d cores, load average %.1f, weights made and loaded in %.1f s%n", model.device(),
          Runtime.getRuntime().availableProcessors(), loadAverage(), loadSeconds);
    }
    return 0;
  }

  /** The system load average over the last minute: other work competing for the cores skews wall times. */
  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  /** CPU time of the whole process, PyTorch's native threads included. */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private static RgbImage randomImage(int h, int w) {
    byte[] rgb = new byte[h * w * 3];
    new SplittableRandom(h * 31L + w).nextBytes(rgb);
    return new RgbImage(w, h, rgb);
  }

  private static double seconds(long start) {
    return Math.round((System.nanoTime() - start) / 1e6) / 1e3;
  }

  private static String format(List<Double> values) {
    return values.size() == 1 ? String.format("%.3f", values.get(0)) : values.toString();
  }
}
