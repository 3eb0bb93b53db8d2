package dev.clip2scene.nodes.pretrain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clip2scene.model.io.AtomicFiles;
import dev.clip2scene.model.loss.SelfTraining;
import dev.clip2scene.model.net.NetworkConfig;
import dev.clip2scene.model.net.SparseNetwork;
import dev.clip2scene.model.net.TextEmbeddings;
import dev.clip2scene.model.train.PretrainObjective;
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
 * A pretraining or fine-tuning run in a model directory: MODEL_DIR/config.yaml (the settings used) and run.json
 * (seed, bags, kind), train.log, steps.csv (one line per step), metrics.jsonl (one line per epoch, with the
 * evaluation when the bag has labels), curves.png, model_card.md, teacher-cache/ and checkpoint/ (the model folder
 * with the training state). Resuming reads config.yaml and run.json back and drops log lines of steps after the
 * checkpoint.
 */
public final class TrainingRun {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What a run was asked to do. */
  public record Request(String kind, List<Path> bags, Path modelDir, PretrainConfig config, long seed, boolean resume,
      boolean progress, Path initialModel, double fraction) {}

  /** Last figures of a run. */
  public record Outcome(int epochs, long steps, double lastLoss, Double miou, Map<String, Double> seconds) {}

  private TrainingRun() {}

  public static Outcome run(Request req, PrintStream console) throws IOException {
    Path dir = req.modelDir();
    Files.createDirectories(dir);
    try (TrainLog log = new TrainLog(dir.resolve("train.log"), console)) {
      PretrainConfig config = req.config();
      log.line(req.kind() + (req.resume() ? " resumed" : " started") + ", seed " + req.seed() + ", bags " + req.bags());
      AtomicFiles.writeBytes(dir.resolve("config.yaml"), config.toYaml().getBytes(StandardCharsets.UTF_8));
      Map<String, Object> run = new LinkedHashMap<>();
      run.put("kind", req.kind());
      run.put("seed", req.seed());
      run.put("bags", req.bags().stream().map(Path::toString).toList());
      run.put("fraction", req.fraction());
      AtomicFiles.writeBytes(dir.resolve("run.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(run));

      List<Sample> samples = new ArrayList<>();
      BagSamples reader = new BagSamples(config.data, log::note);
      for (Path bag : req.bags()) samples.addAll(reader.read(bag));
      log.note("read " + samples.size() + " samples from " + req.bags().size() + " bag(s)");
      Timings timings = new Timings();
      Path cache = config.teacher.cacheDir != null ? Path.of(config.teacher.cacheDir) : dir.resolve("teacher-cache");
      boolean finetune = req.kind().equals("finetune");
      try (TeacherSetup teacher = finetune && config.teacher.textEmbeddings == null && req.initialModel() != null ? null : TeacherSetup.create(config.teacher, cache)) {
        TextEmbeddings classifier = finetune && req.initialModel() != null
            ? dev.clip2scene.model.net.ModelFolder.read(req.initialModel()).text() : teacher.text();
        if (classifier == null) throw new IllegalArgumentException(req.initialModel() + " holds no text embeddings to start the head from");
        List<Sample> used = finetune ? labelledFraction(samples, req.fraction(), req.seed()) : samples;
        if (finetune) log.note("fine-tuning on " + used.size() + " of " + samples.size() + " labelled scans (" + 100 * req.fraction() + " %)");
        CloudAugmentation augmentation = new CloudAugmentation(config.train.rotateZ, config.train.flip);
        TrainingTask task = finetune ? new FinetuneTask(classifier, augmentation)
            : new PretrainTask(new PseudoLabelling(teacher.teacher(), teacher.crop(), config.data.minRangeM, timings), new PretrainObjective(objective(config.loss)), classifier, augmentation);
        NetworkConfig net = network(config.network, classifier.dim());
        List<Sample> labelled = samples.stream().filter(s -> s.labels() != null).toList();
        try (Trainer trainer = new Trainer(config, net, task, used, req.seed(), dir, req.initialModel(), req.resume(), timings, log::note)) {
          Outcome[] last = new Outcome[1];
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
                if (config.train.evaluate && !labelled.isEmpty()) {
                  Evaluation.Result r = Evaluation.run(network, task.classifier(), labelled, crop);
                  miou[0] = r.matrix().meanIou();
                  m.put("miou", miou[0]);
                  m.put("accuracy", r.matrix().accuracy());
                }
                records.epoch(m);
                log.note(String.format(Locale.ROOT, "epoch %d done (step %d), loss %.4f%s, checkpoint %s", epoch, step, lastLoss[0],
                    miou[0] == null ? "" : String.format(Locale.ROOT, ", mIoU %.4f", miou[0]), dir.resolve("checkpoint")));
                try {
                  records.curves(dir.resolve("curves.png"));
                  ModelCard.write(dir.resolve("model_card.md"), req, net, classifier, epoch, step, m, finetune ? null : teacher);
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              }
            });
          } finally {
            if (bar[0] != null) bar[0].close();
          }
          log.line("phase seconds " + trainer.timings());
          return new Outcome(trainer.epoch(), trainer.step(), lastLoss[0], miou[0], trainer.timings());
        }
      }
    }
  }

  /** The first ceil(FRACTION x n) labelled scans of a seeded shuffle (at least one). */
  static List<Sample> labelledFraction(List<Sample> samples, double fraction, long seed) {
    if (!(fraction > 0 && fraction <= 1)) throw new IllegalArgumentException("fraction must be in (0, 1], got " + fraction);
    List<Sample> labelled = new ArrayList<>(samples.stream().filter(s -> s.labels() != null).toList());
    if (labelled.isEmpty()) throw new IllegalArgumentException("no labelled scans (no '" + "label' field) to fine-tune on");
    java.util.Collections.shuffle(labelled, new Random(seed));
    return labelled.subList(0, Math.max(1, (int) Math.ceil(fraction * labelled.size())));
  }

  static PretrainObjective.Settings objective(PretrainConfig.Loss l) {
    PretrainObjective.Semantic semantic = switch (l.semantic) {
      case "contrastive" -> PretrainObjective.Semantic.CONTRASTIVE;
      case "cross_entropy" -> PretrainObjective.Semantic.CROSS_ENTROPY;
      default -> throw new IllegalArgumentException("loss.semantic must be contrastive or cross_entropy, not " + l.semantic);
    };
    PretrainObjective.Spatial spatial = switch (l.spatial) {
      case "paper" -> PretrainObjective.Spatial.PAPER;
      case "reference" -> PretrainObjective.Spatial.REFERENCE;
      case "off", "false" -> PretrainObjective.Spatial.OFF; // YAML 1.1 reads a bare off as false
      default -> throw new IllegalArgumentException("loss.spatial must be paper, reference or off, not " + l.spatial);
    };
    SelfTraining s3t = switch (l.s3t) {
      case "off", "false" -> null;
      case "batch" -> new SelfTraining(l.s3tStartEpoch, l.s3tProbability, SelfTraining.Granularity.BATCH);
      case "point" -> new SelfTraining(l.s3tStartEpoch, l.s3tProbability, SelfTraining.Granularity.POINT);
      default -> throw new IllegalArgumentException("loss.s3t must be off, batch or point, not " + l.s3t);
    };
    return new PretrainObjective.Settings(semantic, l.tau, spatial, l.cellSize, l.cellCapacity, s3t);
  }

  /** The preset with the config's overrides; intensity input; output size = the classifier's (text) dimension. */
  static NetworkConfig network(PretrainConfig.Network n, int outputDim) {
    NetworkConfig c = NetworkConfig.preset(n.preset).withInputFeatures(List.of("intensity")).withOutputDim(outputDim);
    if (n.widths != null) c = c.withWidths(n.widths);
    if (n.blocks != null) c = c.withBlocks(n.blocks);
    if (n.voxelSize != null) {
      c = new NetworkConfig(c.architecture(), c.widths(), c.blocks(), n.voxelSize, c.inputFeatures(), c.outputDim(), c.stemKernel(), c.dropout(), c.interpolation());
    }
    return c;
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
