package dev.clip2scene.nodes.pretrain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clip2scene.model.io.AtomicFiles;
import dev.clip2scene.model.io.FileTrees;
import dev.clip2scene.model.net.ModelFolder;
import dev.clip2scene.model.net.NetworkConfig;
import dev.clip2scene.model.net.SparseNetwork;
import dev.clip2scene.model.net.TextEmbeddings;
import dev.clip2scene.model.teacher.CachedTeacher;
import dev.clip2scene.model.teacher.TeacherPass;
import dev.clip2scene.model.teacher.TeacherView;
import dev.clip2scene.model.train.CloudAugmentation;
import dev.clip2scene.model.train.Evaluation;
import dev.clip2scene.model.train.FinetuneTask;
import dev.clip2scene.model.train.Parts;
import dev.clip2scene.model.train.PretrainConfig;
import dev.clip2scene.model.train.PretrainObjective;
import dev.clip2scene.model.train.PretrainTask;
import dev.clip2scene.model.train.PseudoLabelling;
import dev.clip2scene.model.train.SkippedSamples;
import dev.clip2scene.model.train.TeacherSetup;
import dev.clip2scene.model.train.Timings;
import dev.clip2scene.model.train.Trainer;
import dev.clip2scene.model.train.TrainingTask;
import dev.clip2scene.model.voxel.CropBox;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A pretraining or fine-tuning run in a run folder: MODEL_DIR/config.yaml (the settings used) and run.json (seed,
 * bags, kind; at the end what was left out and why), train.log, sample-index.bin (where each sample lies in the
 * bags, see {@link SampleIndex}), steps.csv (one line per step), metrics.jsonl (one line per epoch, with the
 * evaluation when the bag has labels), curves.png, model_card.md, teacher-cache/ and checkpoint/ (the model folder
 * with the training state). Phases: index the bags (or reuse the index), run the teacher once over every image the
 * samples use when its cache is incomplete ({@link TeacherPass}), train reading samples through a
 * {@link SampleLoader}. Resuming reads config.yaml and run.json back and drops log lines of steps after the
 * checkpoint. A run that fails before it has trained or computed anything removes the folder it created.
 */
public final class TrainingRun {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What a run was asked to do. */
  public record Request(String kind, List<Path> bags, Path modelDir, PretrainConfig config, long seed, boolean resume,
      boolean progress, Path initialModel, double fraction) {}

  /**
   * Last figures of a run: what was left out (count per reason) and the updates this process skipped for non-finite
   * gradients.
   */
  public record Outcome(int epochs, long steps, double lastLoss, Double miou, Map<String, Double> seconds, Map<String, Long> skipped,
      long skippedUpdates) {}

  private TrainingRun() {}

  public static Outcome run(Request req, PrintStream console) throws IOException {
    return inRunFolder(req, console, TrainingRun::train);
  }

  /** Work in a run folder, given its log and a flag to set once the folder holds something worth keeping. */
  private interface Work<T> {
    T run(Request req, TrainLog log, boolean[] worthKeeping) throws IOException;
  }

  /** Runs WORK in REQ's run folder; a folder this call created is removed again when WORK fails before it kept anything. */
  private static <T> T inRunFolder(Request req, PrintStream console, Work<T> work) throws IOException {
    Path dir = req.modelDir();
    boolean created = !Files.exists(dir);
    Files.createDirectories(dir);
    boolean[] worthKeeping = {!created};
    try (TrainLog log = new TrainLog(dir.resolve("train.log"), console)) {
      return work.run(req, log, worthKeeping);
    } catch (IOException | RuntimeException e) {
      if (!worthKeeping[0]) FileTrees.delete(dir);
      throw e;
    }
  }

  /**
   * The teacher pass alone ({@code clip2scene teacher precompute}): indexes the bags into the run folder (or reuses
   * its index) and runs MaskCLIP once over every image a pretraining sample uses, into the run folder's cache (or
   * teacher.cache_dir), so that a later {@code pretrain --out} with the same folder starts training at once.
   */
  public static TeacherPass.Result precompute(Request req, PrintStream console) throws IOException {
    return inRunFolder(req, console, TrainingRun::teacherOnly);
  }

  private static TeacherPass.Result teacherOnly(Request req, TrainLog log, boolean[] worthKeeping) throws IOException {
    PretrainConfig config = req.config();
    Parts.check(config);
    log.line("teacher precompute started, bags " + req.bags());
    SampleIndex index = index(req, log);
    SkippedSamples skipped = new SkippedSamples(line -> log.note("left out: " + line));
    skipped.addAll(index.skipped());
    try (TeacherSetup teacher = TeacherSetup.create(config.teacher, teacherCache(req)); SampleLoader all = SampleLoader.open(index, config.data, false, skipped)) {
      if (teacher.passTeacher() == null) {
        throw new IllegalArgumentException("teacher precompute runs MaskCLIP once per whole image: it needs teacher.kind maskclip and teacher.pass "
            + "image, not " + config.teacher.kind + " / " + config.teacher.pass);
      }
      TeacherPass.Result r = teacherPass(teacher.passTeacher(), withImages(all, req, skipped), teacher.view(), config.data.workers, req.progress(), log, skipped);
      worthKeeping[0] |= r.computed() > 0;
      return r;
    }
  }

  /** teacher.cache_dir, or RUN_FOLDER/teacher-cache. */
  private static Path teacherCache(Request req) {
    String dir = req.config().teacher.cacheDir;
    return dir != null ? Path.of(dir) : req.modelDir().resolve("teacher-cache");
  }


  /** Indexes the bags of REQ (or reuses the run folder's index), with a progress bar when asked for. */
  public static SampleIndex index(Request req, TrainLog log) throws IOException {
    ProgressBar[] bar = new ProgressBar[1];
    try {
      return SampleIndex.open(req.modelDir().resolve(SampleIndex.FILE), req.bags(), req.config().data, new SampleIndexer.Listener() {
        @Override
        public void note(String line) {
          log.note(line);
        }

        @Override
        public void reused(Path file, SampleIndex index) {
          log.line("reusing the sample index " + file + ": " + index.size() + " keyframes");
          for (String w : index.warnings()) log.note("warning: " + w);
        }

        @Override
        public void progress(long done, long total) {
          if (!req.progress()) return;
          if (bar[0] == null) {
            bar[0] = new ProgressBarBuilder().setTaskName("index").setInitialMax(total / (1 << 20)).setUnit(" MiB", 1)
                .setStyle(ProgressBarStyle.ASCII).showSpeed().build();
          }
          bar[0].stepTo(done / (1 << 20));
        }
      });
    } finally {
      if (bar[0] != null) bar[0].close();
    }
  }

  /** Runs the teacher once over every image of SAMPLES that is not cached yet; logs the rate and the cache size. */
  public static TeacherPass.Result teacherPass(CachedTeacher teacher, SampleLoader samples, TeacherView view, int workers, boolean progress,
      TrainLog log, SkippedSamples skipped) {
    List<TeacherPass.Job> jobs = samples.teacherJobs(view, teacher.weightsHash());
    ProgressBar[] bar = new ProgressBar[1];
    TeacherPass.Result r;
    try {
      r = new TeacherPass(teacher, workers, Math.max(2, 2 * workers)).run(jobs, new TeacherPass.Progress() {
        @Override
        public void started(int toCompute, int alreadyCached) {
          log.note("teacher: " + jobs.size() + " images, " + alreadyCached + " cached already, " + toCompute + " to compute in " + teacher.cache().dir());
          if (progress && toCompute > 0) {
            bar[0] = new ProgressBarBuilder().setTaskName("teacher").setInitialMax(toCompute).setUnit(" images", 1)
                .setStyle(ProgressBarStyle.ASCII).showSpeed().build();
          }
        }

        @Override
        public void done(int finished) {
          if (bar[0] != null) bar[0].stepTo(finished);
        }
      });
    } finally {
      if (bar[0] != null) bar[0].close();
    }
    for (String f : r.failures()) skipped.add("image the teacher could not read (left out of its sample)", f);
    if (r.computed() > 0 || !r.failures().isEmpty()) {
      log.note(String.format(Locale.ROOT, "teacher: %d images computed in %.1f s (%.2f images/s), %d failed; cache %s holds %.1f MiB",
          r.computed(), r.seconds(), r.imagesPerSecond(), r.failures().size(), teacher.cache().dir(), r.cacheBytes() / 1048576.0));
    }
    return r;
  }

  private static Outcome train(Request req, TrainLog log, boolean[] worthKeeping) throws IOException {
    Path dir = req.modelDir();
    PretrainConfig config = req.config();
    Parts.check(config);
    boolean finetune = req.kind().equals("finetune");
    log.line(req.kind() + (req.resume() ? " resumed" : " started") + ", seed " + req.seed() + ", bags " + req.bags());
    AtomicFiles.writeBytes(dir.resolve("config.yaml"), config.toYaml().getBytes(StandardCharsets.UTF_8));
    Map<String, Object> run = new LinkedHashMap<>();
    run.put("kind", req.kind());
    run.put("seed", req.seed());
    run.put("bags", req.bags().stream().map(Path::toString).toList());
    run.put("fraction", req.fraction());
    AtomicFiles.writeBytes(dir.resolve("run.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(run));

    SampleIndex index = index(req, log);
    SkippedSamples skipped = new SkippedSamples(line -> log.note("left out: " + line));
    skipped.addAll(index.skipped());
    log.note("indexed " + index.size() + " keyframes in " + req.bags().size() + " bag(s)" + (index.skipped().isEmpty() ? "" : "; left out: " + skipped.summary()));
    Timings timings = new Timings();
    boolean needTeacher = !finetune || config.teacher.textEmbeddings != null || req.initialModel() == null;
    try (TeacherSetup teacher = needTeacher ? TeacherSetup.create(config.teacher, teacherCache(req)) : null) {
      TextEmbeddings classifier = finetune && req.initialModel() != null ? ModelFolder.read(req.initialModel()).text() : teacher.text();
      if (classifier == null) throw new IllegalArgumentException(req.initialModel() + " holds no text embeddings to start the head from");
      boolean imagesDuringTraining = !finetune && teacher.passTeacher() == null && teacher.teacher() instanceof CachedTeacher;
      try (SampleLoader all = SampleLoader.open(index, config.data, imagesDuringTraining, skipped)) {
        SampleLoader used = finetune ? labelledFraction(all, req.fraction(), req.seed()) : withImages(all, req, skipped);
        if (finetune) log.note("fine-tuning on " + used.size() + " of " + all.labelledIndices().length + " labelled scans (" + 100 * req.fraction() + " %)");
        CloudAugmentation augmentation = new CloudAugmentation(config.train.rotateZ, config.train.flip);
        TrainingTask task = finetune ? new FinetuneTask(classifier, augmentation)
            : new PretrainTask(new PseudoLabelling(teacher.teacher(), teacher.view(), config.data.minRangeM, timings, skipped),
                new PretrainObjective(Parts.objective(config.loss)), classifier, augmentation);
        if (!finetune && teacher.passTeacher() != null) {
          TeacherPass.Result r = teacherPass(teacher.passTeacher(), used, teacher.view(), config.data.workers, req.progress(), log, skipped);
          if (r.computed() > 0) worthKeeping[0] = true;
          used = used.withoutImages(r.failed());
        }
        NetworkConfig net = Parts.network(config.network, classifier.dim());
        SampleLoader labelled = all.subset(all.labelledIndices());
        try (Trainer trainer = new Trainer(config, net, task, used, req.seed(), dir, req.initialModel(), req.resume(), timings, log::note)) {
          worthKeeping[0] = true;
          Outcome o = loop(req, log, trainer, task, labelled, net, classifier, finetune ? null : teacher);
          for (String d : all.damage()) skipped.add("damaged bag data met while loading samples", d);
          Map<String, Long> left = skipped.summary();
          if (!left.isEmpty()) log.note("left out during this run (count per reason): " + left);
          run.put("skipped", left);
          AtomicFiles.writeBytes(dir.resolve("run.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(run));
          return new Outcome(o.epochs(), o.steps(), o.lastLoss(), o.miou(), o.seconds(), left, o.skippedUpdates());
        }
      }
    }
  }

  /** The samples pretraining learns from: those with a camera image; refuses when there are none. */
  private static SampleLoader withImages(SampleLoader all, Request req, SkippedSamples skipped) {
    int[] with = all.withImages();
    PretrainConfig.Data d = req.config().data;
    if (with.length == 0) {
      throw new IllegalArgumentException("no keyframe of " + req.bags() + " has an image within " + d.imageToleranceS + " s on the camera topics "
          + d.cameraTopics + " with camera_info and transforms: pretraining would learn nothing (see the warnings above; data.camera_topics, "
          + "data.image_tolerance_s)");
    }
    for (int i = 0, j = 0; i < all.size(); i++) {
      if (j < with.length && with[j] == i) {
        j++;
      } else {
        SampleIndex.Entry e = all.entry(i);
        skipped.add("keyframe without a camera image", "keyframe at " + e.stampNs() + " ns of " + req.bags().get(e.bag()) + ": no image within "
            + d.imageToleranceS + " s on " + d.cameraTopics);
      }
    }
    return all.subset(with);
  }

  /** The first ceil(FRACTION x n) labelled scans of a seeded shuffle (at least one). */
  static SampleLoader labelledFraction(SampleLoader samples, double fraction, long seed) {
    if (!(fraction > 0 && fraction <= 1)) throw new IllegalArgumentException("fraction must be in (0, 1], got " + fraction);
    List<Integer> labelled = new ArrayList<>();
    for (int i : samples.labelledIndices()) labelled.add(i);
    if (labelled.isEmpty()) throw new IllegalArgumentException("no labelled scans (no '" + "label' field) to fine-tune on");
    java.util.Collections.shuffle(labelled, new Random(seed));
    int n = Math.max(1, (int) Math.ceil(fraction * labelled.size()));
    return samples.subset(labelled.subList(0, n).stream().mapToInt(Integer::intValue).toArray());
  }

  private static Outcome loop(Request req, TrainLog log, Trainer trainer, TrainingTask task, SampleLoader labelled, NetworkConfig net,
      TextEmbeddings classifier, TeacherSetup teacher) throws IOException {
    PretrainConfig config = req.config();
    Path dir = req.modelDir();
    Records records = new Records(dir, trainer.step(), trainer.epoch());
    float[] b = config.data.cropBox;
    CropBox crop = new CropBox(b[0], b[1], b[2], b[3], b[4], b[5]);
    double[] lastLoss = {Double.NaN};
    Double[] miou = {null};
    ProgressBar[] bar = new ProgressBar[1];
    try {
      trainer.run(new Trainer.Listener() {
        @Override
        public void started(long step, long total) {
          log.line("training steps " + step + " to " + total + " (" + trainer.stepsPerEpoch() + " per epoch, batch " + config.train.batchSize + ")");
          if (req.progress()) {
            bar[0] = new ProgressBarBuilder().setTaskName(req.kind()).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                .setUnit(" steps", 1).showSpeed().startsFrom(step, java.time.Duration.ZERO).build();
          }
        }

        @Override
        public void step(Trainer.StepResult r) {
          lastLoss[0] = r.loss();
          records.step(r);
          log.line(String.format(Locale.ROOT, "epoch %d step %d loss %.6f semantic %.6f spatial %.6f lr %.6g switched %d",
              r.epoch(), r.step(), r.loss(), r.semantic(), r.spatial(), r.learningRate(), r.switched()));
          if (bar[0] != null) {
            bar[0].stepTo(r.step() + 1);
            bar[0].setExtraMessage(String.format(Locale.ROOT, "loss %.4f", r.loss()));
          }
        }

        @Override
        public void epoch(int epoch, long step, SparseNetwork network) {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("epoch", epoch);
          m.put("step", step);
          m.put("loss", lastLoss[0]);
          if (config.train.evaluate && labelled.size() > 0) {
            Evaluation.Result r = Evaluation.run(network, task.classifier(), labelled, crop);
            if (r != null) {
              miou[0] = r.matrix().meanIou();
              m.put("miou", miou[0]);
              m.put("accuracy", r.matrix().accuracy());
            }
          }
          records.epoch(m);
          log.note(String.format(Locale.ROOT, "epoch %d done (step %d), loss %.4f%s, checkpoint %s", epoch, step, lastLoss[0],
              miou[0] == null ? "" : String.format(Locale.ROOT, ", mIoU %.4f", miou[0]), dir.resolve("checkpoint")));
          try {
            records.curves(dir.resolve("curves.png"));
            ModelCard.write(dir.resolve("model_card.md"), req, net, classifier, epoch, step, m, teacher);
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        }
      });
    } finally {
      if (bar[0] != null) bar[0].close();
    }
    log.line("phase seconds " + trainer.timings());
    return new Outcome(trainer.epoch(), trainer.step(), lastLoss[0], miou[0], trainer.timings(), Map.of(), trainer.skippedSteps());
  }

  /** steps.csv and metrics.jsonl, trimmed on resume to what the checkpoint covers, and the curves drawn from them. */
  static final class Records {
    private final Path steps;
    private final Path epochs;
    private final List<double[]> stepRows = new ArrayList<>();
    private final List<JsonNode> epochRows = new ArrayList<>();

    Records(Path dir, long resumeStep, int resumeEpoch) throws IOException {
      this.steps = dir.resolve("steps.csv");
      this.epochs = dir.resolve("metrics.jsonl");
      if (Files.exists(steps)) {
        for (String line : Files.readAllLines(steps)) {
          String[] f = line.split(",");
          if (f.length != 7 || line.startsWith("step")) continue;
          try {
            double[] row = new double[7];
            for (int i = 0; i < 7; i++) row[i] = Double.parseDouble(f[i]);
            if (row[0] < resumeStep) stepRows.add(row);
          } catch (NumberFormatException e) {
            // a line cut short by a kill: dropped
          }
        }
      }
      if (Files.exists(epochs)) {
        for (String line : Files.readAllLines(epochs)) {
          try {
            JsonNode n = JSON.readTree(line);
            if (n != null && n.path("epoch").asInt(Integer.MAX_VALUE) <= resumeEpoch) epochRows.add(n);
          } catch (IOException e) {
            // a line cut short by a kill: dropped
          }
        }
      }
      StringBuilder s = new StringBuilder("step,epoch,loss,semantic,spatial,lr,switched\n");
      for (double[] r : stepRows) s.append(csv(r)).append('\n');
      AtomicFiles.writeBytes(steps, s.toString().getBytes(StandardCharsets.UTF_8));
      StringBuilder e = new StringBuilder();
      for (JsonNode n : epochRows) e.append(n).append('\n');
      AtomicFiles.writeBytes(epochs, e.toString().getBytes(StandardCharsets.UTF_8));
    }

    void step(Trainer.StepResult r) {
      double[] row = {r.step(), r.epoch(), r.loss(), r.semantic(), r.spatial(), r.learningRate(), r.switched()};
      stepRows.add(row);
      append(steps, csv(row) + "\n");
    }

    void epoch(Map<String, Object> m) {
      JsonNode n = JSON.valueToTree(m);
      epochRows.add(n);
      append(epochs, n + "\n");
    }

    void curves(Path png) throws IOException {
      int n = stepRows.size();
      double[] x = new double[n], loss = new double[n], sem = new double[n], spa = new double[n];
      for (int i = 0; i < n; i++) {
        x[i] = stepRows.get(i)[0];
        loss[i] = stepRows.get(i)[2];
        sem[i] = stepRows.get(i)[3];
        spa[i] = stepRows.get(i)[4];
      }
      int e = epochRows.size();
      double[] ex = new double[e], miou = new double[e];
      for (int i = 0; i < e; i++) {
        ex[i] = epochRows.get(i).path("epoch").asDouble();
        miou[i] = epochRows.get(i).has("miou") ? epochRows.get(i).path("miou").asDouble() : Double.NaN;
      }
      Charts.curves(png, List.of("loss per step", "mIoU per epoch"), List.of(
          List.of(new Charts.Series("total", x, loss), new Charts.Series("semantic / CE", x, sem), new Charts.Series("spatial / Lovasz", x, spa)),
          List.of(new Charts.Series("mIoU", ex, miou))));
    }

    private static String csv(double[] r) {
      return String.format(Locale.ROOT, "%d,%d,%.8g,%.8g,%.8g,%.8g,%d", (long) r[0], (long) r[1], r[2], r[3], r[4], r[5], (long) r[6]);
    }

    private static void append(Path f, String text) {
      try {
        Files.writeString(f, text, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException("cannot append to " + f + ": " + e.getMessage(), e);
      }
    }
  }
}
