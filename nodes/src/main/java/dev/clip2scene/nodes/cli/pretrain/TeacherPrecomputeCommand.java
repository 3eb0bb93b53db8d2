package dev.clip2scene.nodes.cli.pretrain;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clip2scene.model.teacher.TeacherPass;
import dev.clip2scene.model.train.PretrainConfig;
import dev.clip2scene.nodes.pretrain.TrainingRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code clip2scene teacher precompute --bag B --weights W --out DIR [--workers N] [--device auto|cpu|cuda[:N]]}. */
@Command(name = "precompute", mixinStandardHelpOptions = true,
    description = {"Run MaskCLIP once over every image the pretraining samples of the bags use (each whole image, resized to "
        + "teacher.image_height), into DIR/teacher-cache (float16), with DIR/sample-index.bin: a later 'pretrain --out DIR' "
        + "with the same settings trains from the cache at once. Resumes after a kill (finished images are kept); reports "
        + "images/s and the cache size."})
public final class TeacherPrecomputeCommand implements Callable<Integer> {
  @CommandLine.Option(names = "--bag", required = true, paramLabel = "BAG", description = "bag folder or file; repeat for several")
  List<Path> bags;

  @CommandLine.Option(names = "--weights", paramLabel = "FILE", description = "CLIP .safetensors (default: teacher.weights of the config)")
  Path weights;

  @CommandLine.Option(names = "--config", paramLabel = "FILE", description = "YAML settings over the defaults (data and teacher sections; default DIR/config.yaml when present)")
  Path config;

  @CommandLine.Option(names = "--out", required = true, paramLabel = "DIR", description = "run directory the cache and index go to")
  Path out;

  @CommandLine.Option(names = "--workers", paramLabel = "N", description = "threads reading and decoding images (default: data.workers, 2)")
  Integer workers;

  @CommandLine.Option(names = "--device", paramLabel = "D", description = "where CLIP runs: cpu (default), cuda, cuda:N or auto")
  String device;

  @CommandLine.Option(names = "--no-progress", description = "no progress bar")
  boolean noProgress;

  @CommandLine.Option(names = "--json", description = "print {images, cached, computed, failed, seconds, images_per_s, cache_bytes}")
  boolean json;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Path stored = out.resolve("config.yaml");
    PretrainConfig c = config != null ? PretrainConfig.over(new PretrainConfig(), config)
        : Files.exists(stored) ? PretrainConfig.read(stored) : new PretrainConfig();
    if (weights != null) c.teacher.weights = weights.toString();
    if (workers != null) c.data.workers = workers;
    if (device != null) c.teacher.device = device;
    TeacherPass.Result r = TrainingRun.precompute(new TrainingRun.Request("teacher precompute", bags, out, c, 0, false, !noProgress, null, 1), ConsoleLines.of(spec));
    var w = spec.commandLine().getOut();
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("images", r.images());
      m.put("cached", r.alreadyCached());
      m.put("computed", r.computed());
      m.put("failed", r.failures().size());
      m.put("seconds", r.seconds());
      m.put("images_per_s", r.imagesPerSecond());
      m.put("cache_bytes", r.cacheBytes());
      w.println(new ObjectMapper().writeValueAsString(m));
    } else {
      w.printf(Locale.ROOT, "%d images: %d cached before, %d computed in %.1f s (%.2f images/s), %d failed; cache %.1f MiB in %s%n", r.images(),
          r.alreadyCached(), r.computed(), r.seconds(), r.imagesPerSecond(), r.failures().size(), r.cacheBytes() / 1048576.0,
          c.teacher.cacheDir != null ? c.teacher.cacheDir : out.resolve("teacher-cache"));
    }
    return r.failures().isEmpty() ? 0 : 1;
  }
}
