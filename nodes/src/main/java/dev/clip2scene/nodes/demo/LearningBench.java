package dev.clip2scene.nodes.demo;

import dev.clip2scene.model.infer.device.DeviceChoice;
import dev.clip2scene.model.infer.device.Inference;
import dev.clip2scene.model.io.FileTrees;
import dev.clip2scene.model.metrics.ConfusionMatrix;
import dev.clip2scene.model.net.ModelFolder;
import dev.clip2scene.model.net.Segmenter;
import dev.clip2scene.model.net.TextEmbeddings;
import dev.clip2scene.model.voxel.CropBox;
import dev.clip2scene.model.voxel.PointCloud;
import dev.clip2scene.model.train.PretrainConfig;
import dev.clip2scene.model.train.Sample;
import dev.clip2scene.nodes.pretrain.SampleLoader;
import dev.clip2scene.nodes.pretrain.TrainingRun;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

  /** One model's mIoU and per-class IoU (NaN: class absent) on all held-out points and on those the teacher labels. */
  public record Score(double miou, double miouTeacherPoints, double[] iou, double[] iouTeacherPoints) {}

  /**
   * Every figure of a run; TEACHER_IOU per class on the points it labels; FUSION scores the student fused with the
   * teacher as the node fuses (null until scored).
   */
  public record Result(double teacherMiou, double teacherPointAccuracy, double teacherPixelAccuracy, double[] teacherIou,
      Map<String, Score> models, long heldOutPoints, long teacherPoints, double seconds, FusionScore.Result fusion) {}

  /** Runs in order: the student, its ablations, the supervised ceiling. */
  public static final List<String> RUNS = List.of("student", "no_spatial_temporal", "one_sweep", "no_s3t", "supervised");

  private final Settings settings;
  private final SimStudy study;
  private final PrintStream log;
  private final boolean progress;
  private final List<String> runs;
  private final DeviceChoice device;

  /** Keeps its bags and models under DIR/KEY (see {@link Settings#key}); trains and scores every run of {@link #RUNS}. */
  public LearningBench(Settings settings, Path dir, PrintStream log, boolean progress) {
    this(settings, dir, log, progress, RUNS, DeviceChoice.CPU);
  }

  /** As above, for RUNS only (a subset of {@link #RUNS}, kept in its order), scoring the held-out sweeps on DEVICE. */
  public LearningBench(Settings settings, Path dir, PrintStream log, boolean progress, List<String> runs, DeviceChoice device) {
    for (String r : runs) if (!RUNS.contains(r)) throw new IllegalArgumentException("no run '" + r + "' (" + String.join(", ", RUNS) + ")");
    this.settings = settings;
    this.study = new SimStudy(settings.world(), dir.resolve(settings.key()));
    this.log = log;
    this.progress = progress;
    this.runs = RUNS.stream().filter(runs::contains).toList();
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
    for (String run : runs) {
      Path dir = study.dir().resolve("runs").resolve(run);
      Path done = dir.resolve("finished");
      if (Files.exists(done)) {
        log.println(run + ": reusing the model trained by an earlier run in " + dir);
      } else {
        log.println("training " + run);
        FileTrees.delete(dir);
        TrainingRun.run(new TrainingRun.Request(run.equals("supervised") ? "finetune" : "pretrain", List.of(train), dir, config(run, train),
            settings.seed(), false, progress, null, 1), progress ? System.err : new PrintStream(java.io.OutputStream.nullOutputStream()));
        Files.writeString(done, "");
      }
      models.put(run, dir.resolve("checkpoint"));
    }
    log.println("scoring on the held-out world");
    Result r = score(held, models);
    log.println("scoring 2D-3D fusion of the student and the teacher");
    FusionScore.Result fusion = fusion(held, models.get("student"));
    return new Result(r.teacherMiou(), r.teacherPointAccuracy(), pixels.accuracy(), r.teacherIou(), r.models(), r.heldOutPoints(),
        r.teacherPoints(), (System.nanoTime() - start) / 1e9, fusion);
  }

  /** The student fused with the held-out teacher labels, as the perception node fuses image features (FusionScore). */
  private FusionScore.Result fusion(Path held, Path student) throws IOException {
    PretrainConfig c = study.pretrainConfig(held, 1, 1, 1);
    List<Sample> samples = SampleLoader.loadAll(List.of(held), c.data, log::println);
    float[] b = c.data.cropBox;
    return FusionScore.run(samples, held, student, study.teacherDir(held), ModelFolder.read(student).text(), settings.seed() + 1,
        new CropBox(b[0], b[1], b[2], b[3], b[4], b[5]), c.data.minRangeM, device);
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
    HeldOutStreet street = HeldOutStreet.read(study, held);
    ConfusionMatrix teacher = street.teacherScore();
    Map<String, Score> scores = new LinkedHashMap<>();
    float[] b = study.pretrainConfig(held, 1, 1, 1).data.cropBox;
    CropBox crop = new CropBox(b[0], b[1], b[2], b[3], b[4], b[5]);
    for (var e : models.entrySet()) {
      HeldOutStreet.Score score = street.newScore();
      TextEmbeddings text = ModelFolder.read(e.getValue()).text();
      try (Segmenter seg = Inference.open(e.getValue(), crop, device)) {
        for (HeldOutStreet.Sweep s : street.sweeps()) {
          street.add(score, s, seg.segment(new PointCloud(s.xyzi(), Sample.STRIDE), text).labels());
        }
      }
      scores.put(e.getKey(), new Score(score.everywhere().meanIou(), score.onTeacherPoints().meanIou(), score.everywhere().iou(),
          score.onTeacherPoints().iou()));
    }
    return new Result(teacher.meanIou(), teacher.accuracy(), Double.NaN, teacher.iou(), scores, street.points(false), street.points(true), 0, null);
  }

  /** The class names the figures index. */
  public List<String> classes() {
    return study.classes();
  }

  /** Calls SINK with each line of a human summary of R (per-class IoU by CLASSES). */
  public static void describe(Result r, List<String> classes, Consumer<String> sink) {
    sink.accept(String.format(java.util.Locale.ROOT, "teacher (pixel labels projected to points): mIoU %.1f, point accuracy %.1f %% (pixel accuracy %.1f %%)",
        100 * r.teacherMiou(), 100 * r.teacherPointAccuracy(), 100 * r.teacherPixelAccuracy()));
    sink.accept("  per class IoU on the points it labels: " + IouText.perClass(r.teacherIou(), classes));
    for (var e : r.models().entrySet()) {
      Score s = e.getValue();
      sink.accept(String.format(java.util.Locale.ROOT, "%-20s mIoU %.1f on all %d held-out points, %.1f on the %d the teacher labels",
          e.getKey(), 100 * s.miou(), r.heldOutPoints(), 100 * s.miouTeacherPoints(), r.teacherPoints()));
      sink.accept("  per class IoU, all points: " + IouText.perClass(s.iou(), classes));
      sink.accept("  per class IoU, the teacher's points: " + IouText.perClass(s.iouTeacherPoints(), classes));
    }
    if (r.fusion() != null) FusionScore.describe(r.fusion(), classes, sink);
  }
}
