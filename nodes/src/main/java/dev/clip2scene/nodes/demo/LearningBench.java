package dev.clip2scene.nodes.demo;

import dev.clip2scene.model.infer.device.DeviceChoice;
import dev.clip2scene.model.infer.device.Inference;
import dev.clip2scene.model.loss.PseudoLabels;
import dev.clip2scene.model.metrics.ConfusionMatrix;
import dev.clip2scene.model.net.ModelFolder;
import dev.clip2scene.model.net.Segmenter;
import dev.clip2scene.model.net.TextEmbeddings;
import dev.clip2scene.model.voxel.CropBox;
import dev.clip2scene.model.voxel.PointCloud;
import dev.clip2scene.nodes.pretrain.BagSamples;
import dev.clip2scene.nodes.pretrain.PretrainConfig;
import dev.clip2scene.nodes.pretrain.PseudoLabelling;
import dev.clip2scene.nodes.pretrain.Sample;
import dev.clip2scene.nodes.pretrain.TeacherSetup;
import dev.clip2scene.nodes.pretrain.Timings;
import dev.clip2scene.nodes.pretrain.TrainingRun;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Does 3D consistency denoise a 2D teacher? On simulated streets with exact ground truth: the student is pretrained
 * on FRAMES sweeps of one world with the simulated teacher (about half its pixels right), then scored on HELD_OUT
 * sweeps of another world, against
 * <ul>
 *   <li>the teacher itself: its pixel labels projected to the held-out points (the points the camera sees);</li>
 *   <li>the same network trained on the ground-truth labels of the same sweeps (cross-entropy + Lovasz, the
 *       fine-tuning loss), the supervised ceiling;</li>
 *   <li>the paper's ablations: no spatial-temporal term, 1 sweep instead of 3, no switchable self-training.</li>
 * </ul>
 * Every model is scored on all held-out points and on the points the teacher labels (the fair comparison with it).
 */
public final class LearningBench {
  /** The size of a run. */
  public record Settings(int frames, int heldOut, int epochs, int batch, long seed, SimStudy.World world) {
    /** A digest of every setting: a work folder keeps one study per key, and reruns reuse its finished models. */
    public String key() {
      return DemoSettings.digest("frames=" + frames + ",held=" + heldOut + ",epochs=" + epochs + ",batch=" + batch + ",seed=" + seed
          + "," + world.describe());
    }
  }

  /** One model's mIoU on all held-out points and on those the teacher labels. */
  public record Score(double miou, double miouTeacherPoints, double[] iou) {}

  /** Every figure of a run. */
  public record Result(double teacherMiou, double teacherPointAccuracy, double teacherPixelAccuracy, Map<String, Score> models,
      long heldOutPoints, long teacherPoints, double seconds) {}

  /** Runs in order: the student, its ablations, the supervised ceiling. */
  static final List<String> RUNS = List.of("student", "no_spatial_temporal", "one_sweep", "no_s3t", "supervised");

  private final Settings settings;
  private final SimStudy study;
  private final PrintStream log;
  private final boolean progress;
  private final DeviceChoice device;

  /** Keeps its bags and models under DIR/KEY (see {@link Settings#key}); scores on the CPU engine. */
  public LearningBench(Settings settings, Path dir, PrintStream log, boolean progress) {
    this(settings, dir, log, progress, DeviceChoice.CPU);
  }

  /** As above, scoring the held-out sweeps on DEVICE. */
  public LearningBench(Settings settings, Path dir, PrintStream log, boolean progress, DeviceChoice device) {
    this.settings = settings;
    this.study = new SimStudy(settings.world(), dir.resolve(settings.key()));
    this.log = log;
    this.progress = progress;
    this.device = device;
  }

  public Result run() throws IOException {
    long start = System.nanoTime();
    log.println("work folder " + study.dir());
    log.println("simulating " + settings.frames() + " training and " + settings.heldOut() + " held-out sweeps");
    Path train = study.bag("train", settings.seed(), settings.frames(), i -> { });
    Path held = study.bag("held-out", settings.seed() + 1, settings.heldOut(), i -> { });
    ConfusionMatrix pixels = study.teacher(train, settings.seed());
    study.teacher(held, settings.seed() + 1);
    study.text(settings.seed());
    log.printf("simulated teacher: pixel accuracy %.3f on the training images%n", pixels.accuracy());
    Map<String, Path> models = new LinkedHashMap<>();
    for (String run : RUNS) {
      Path dir = study.dir().resolve("runs").resolve(run);
      Path done = dir.resolve("finished");
      if (Files.exists(done)) {
        log.println(run + ": reusing the model trained by an earlier run in " + dir);
      } else {
        log.println("training " + run);
        SimStudy.deleteTree(dir);
        TrainingRun.run(new TrainingRun.Request(run.equals("supervised") ? "finetune" : "pretrain", List.of(train), dir, config(run, train),
            settings.seed(), false, progress, null, 1), progress ? System.err : new PrintStream(java.io.OutputStream.nullOutputStream()));
        Files.writeString(done, "");
      }
      models.put(run, dir.resolve("checkpoint"));
    }
    log.println("scoring on the held-out world");
    Result r = score(held, models);
    return new Result(r.teacherMiou(), r.teacherPointAccuracy(), pixels.accuracy(), r.models(), r.heldOutPoints(), r.teacherPoints(),
        (System.nanoTime() - start) / 1e9);
  }

  /** The settings of one run. */
  PretrainConfig config(String run, Path train) throws IOException {
    PretrainConfig c = study.pretrainConfig(train, 3, settings.epochs(), settings.batch());
    switch (run) {
      case "student" -> { }
      case "no_spatial_temporal" -> c.loss.spatial = "off";
      case "one_sweep" -> c.data.sweeps = 1;
      case "no_s3t" -> c.loss.s3t = "off";
      case "supervised" -> c.data.sweeps = 1;
      default -> throw new IllegalArgumentException("no run " + run);
    }
    return c;
  }

  private Result score(Path held, Map<String, Path> models) throws IOException {
    PretrainConfig c = study.pretrainConfig(held, 1, 1, 1);
    List<Sample> samples = new BagSamples(c.data, log::println).read(held);
    int classes = study.classes().size();
    ConfusionMatrix teacher = new ConfusionMatrix(classes, PseudoLabels.IGNORE);
    List<int[]> truths = new ArrayList<>();
    List<int[]> seen = new ArrayList<>();
    try (TeacherSetup setup = TeacherSetup.create(c.teacher, study.dir().resolve("held-out-cache"))) {
      PseudoLabelling labelling = new PseudoLabelling(setup.teacher(), setup.crop(), c.data.minRangeM, new Timings());
      for (Sample s : samples) {
        int[] truth = new int[s.keyframePoints()];
        for (int i = 0; i < truth.length; i++) truth[i] = s.labels()[i] == Sample.IGNORE_LABEL ? PseudoLabels.IGNORE : s.labels()[i];
        int[] pseudo = Arrays.copyOf(labelling.label(s, new Random(0), null, 0), truth.length);
        int[] truthSeen = truth.clone();
        for (int i = 0; i < truth.length; i++) {
          if (pseudo[i] == PseudoLabels.IGNORE) {
            truthSeen[i] = PseudoLabels.IGNORE;
            pseudo[i] = 0;
          }
        }
        teacher.add(truthSeen, pseudo);
        truths.add(truth);
        seen.add(truthSeen);
      }
    }
    Map<String, Score> scores = new LinkedHashMap<>();
    float[] b = c.data.cropBox;
    CropBox crop = new CropBox(b[0], b[1], b[2], b[3], b[4], b[5]);
    for (var e : models.entrySet()) {
      ConfusionMatrix everywhere = new ConfusionMatrix(classes, PseudoLabels.IGNORE);
      ConfusionMatrix onTeacher = new ConfusionMatrix(classes, PseudoLabels.IGNORE);
      TextEmbeddings text = ModelFolder.read(e.getValue()).text();
      try (Segmenter seg = Inference.open(e.getValue(), crop, device)) {
        for (int k = 0; k < samples.size(); k++) {
          Sample s = samples.get(k);
          int[] predicted = seg.segment(new PointCloud(Arrays.copyOf(s.points(), s.keyframePoints() * Sample.STRIDE), Sample.STRIDE), text).labels();
          int[] truth = truths.get(k).clone();
          int[] truthSeen = seen.get(k).clone();
          outsideCropIgnored(predicted, truth, truthSeen);
          everywhere.add(truth, predicted);
          onTeacher.add(truthSeen, predicted);
        }
      }
      scores.put(e.getKey(), new Score(everywhere.meanIou(), onTeacher.meanIou(), everywhere.iou()));
    }
    return new Result(teacher.meanIou(), teacher.accuracy(), Double.NaN, scores, count(truths), count(seen), 0);
  }

  /** Points the network did not see (outside the crop box, label -1) are left out of the scores. */
  private static void outsideCropIgnored(int[] predicted, int[] truth, int[] truthSeen) {
    for (int i = 0; i < predicted.length; i++) {
      if (predicted[i] < 0) {
        predicted[i] = 0;
        truth[i] = PseudoLabels.IGNORE;
        truthSeen[i] = PseudoLabels.IGNORE;
      }
    }
  }

  private static long count(List<int[]> labels) {
    long n = 0;
    for (int[] l : labels) for (int v : l) if (v != PseudoLabels.IGNORE) n++;
    return n;
  }

  /** Calls SINK with each line of a human summary of R. */
  public static void describe(Result r, Consumer<String> sink) {
    sink.accept(String.format(java.util.Locale.ROOT, "teacher (pixel labels projected to points): mIoU %.1f, point accuracy %.1f %% (pixel accuracy %.1f %%)",
        100 * r.teacherMiou(), 100 * r.teacherPointAccuracy(), 100 * r.teacherPixelAccuracy()));
    for (var e : r.models().entrySet()) {
      sink.accept(String.format(java.util.Locale.ROOT, "%-20s mIoU %.1f on all %d held-out points, %.1f on the %d the teacher labels",
          e.getKey(), 100 * e.getValue().miou(), r.heldOutPoints(), 100 * e.getValue().miouTeacherPoints(), r.teacherPoints()));
    }
  }
}
