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
import dev.clip2scene.msgs.pointcloud.PointCloud2View;
import dev.clip2scene.msgs.pointcloud.PointFieldReader;
import dev.clip2scene.nodes.perception.pipeline.CloudTiming;
import dev.clip2scene.nodes.perception.pipeline.NodeStats;
import dev.clip2scene.model.train.CameraFrame;
import dev.clip2scene.model.train.PretrainConfig;
import dev.clip2scene.model.train.Sample;
import dev.clip2scene.nodes.pretrain.SampleLoader;
import dev.clip2scene.nodes.pretrain.TrainingRun;
import dev.clip2scene.nodes.transport.Qos;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * `clip2scene demo`, end to end from the jar alone: a student network that learnt from the simulated teacher (a
 * stand-in for CLIP: no weights needed) on a simulated street — the repository's demo model, a model an earlier run
 * cached under OUT/cache/KEY, or one trained now — runs in the perception node on an unseen street played from a
 * bag over loopback DDS; what the node publishes is scored against the simulator's ground truth, beside the teacher
 * on the same points, and drawn.
 */
public final class Demo {
  /** Where the model came from. */
  public enum ModelSource { REPOSITORY, CACHED, TRAINED }

  /**
   * What a run produced: the model and its source; the live pass (clouds played and received, why any are missing,
   * playback rate, the network's time per cloud measured before it and the engine that ran it, the node's latency);
   * the scores on the unseen street (the node's labels on all points and on the points the teacher labels, the
   * teacher there); the PNGs.
   */
  public record Result(Path model, ModelSource source, int played, int received, String shortfall, double sweepHz, double targetHz,
      double playedHz, int heldBack, double networkMs, String engine, double latencyP50Ms, double latencyP95Ms, double queueP50Ms, double queueP95Ms,
      double inferenceP50Ms, ConfusionMatrix student, ConfusionMatrix studentOnTeacherPoints, ConfusionMatrix teacher, long points,
      long teacherPoints, long unlabelledPoints, Double trainingTeacherAccuracy, List<Path> pngs, double seconds) {
    /**
     * True when every cloud came back and the drive played at its target rate (waits for the node cost under 5 %):
     * the node kept up. Otherwise the node set the pace.
     */
    public boolean nodeKeptUp() {
      return received == played && playedHz >= 0.95 * targetHz;
    }
  }

  private final DemoSettings settings;
  private final Path out;
  private final PrintStream console;
  private final boolean progress;

  public Demo(DemoSettings settings, Path out, PrintStream console, boolean progress) {
    this.settings = settings;
    this.out = out;
    this.console = console;
    this.progress = progress;
  }

  /** The cache folder of this run's training settings. */
  public Path cacheDir() {
    return out.resolve("cache").resolve(settings.modelKey());
  }

  /** Runs every stage; FRESH trains even where the repository or the cache has a model for these settings. */
  public Result run(boolean fresh) throws IOException, InterruptedException {
    long start = System.nanoTime();
    console.println("clip2scene demo: a synthetic street (simulated, not a real dataset) and a simulated teacher (a stand-in for CLIP, not CLIP)");

    Path cache = cacheDir();
    if (fresh) FileTrees.delete(cache);
    Path model = cache.resolve("model").resolve("checkpoint");
    ModelSource source;
    Double teacherAccuracy = null;
    var shipped = fresh ? java.util.Optional.<Path>empty() : DemoModel.shipped(settings.modelKey());
    if (shipped.isPresent()) {
      model = shipped.get();
      source = ModelSource.REPOSITORY;
      step(1, "model: the repository's demo model " + model + " (trained by clip2scene on a simulated street; "
          + model.resolve(DemoModel.CARD).getFileName() + " says how; --fresh trains it again)");
    } else if (Files.exists(cache.resolve("model.done")) && Files.isDirectory(model)) {
      source = ModelSource.CACHED;
      step(1, "model: reusing the one an earlier run trained, " + model + " (--fresh trains it again)");
    } else {
      source = ModelSource.TRAINED;
      teacherAccuracy = train(cache, fresh);
    }

    step(2, "unseen street: simulating " + settings.playFrames() + " sweeps of another street (seed " + (settings.seed() + 1)
        + ") and labelling its images with the simulated teacher, to compare with");
    SimStudy street = new SimStudy(settings.world(), out.resolve("cache").resolve("street-" + settings.streetKey()));
    Path playBag;
    try (Progress b = bar("sim", settings.playFrames())) {
      // offered reliably (as a reliable publisher would), so that no cloud is lost on a busy machine
      playBag = street.bag("street", settings.seed() + 1, settings.playFrames(),
          new Qos(Qos.Reliability.RELIABLE, Qos.Durability.VOLATILE, settings.playFrames()), b);
    }
    street.teacher(playBag, settings.seed() + 1);
    street.text(settings.seed());
    HeldOutStreet truth = HeldOutStreet.read(street, playBag);
    float[] b = street.pretrainConfig(playBag, 1, 1, 1).data.cropBox;
    CropBox crop = new CropBox(b[0], b[1], b[2], b[3], b[4], b[5]);

    double sweepHz = sweepRate(truth);
    String engine;
    double networkMs;
    // the engine the node will choose with its default device (auto): its line says which and why
    try (Segmenter seg = Inference.open(model, crop, DeviceChoice.AUTO)) {
      engine = seg.engineLine();
      networkMs = networkMs(seg, ModelFolder.read(model).text(), truth.sweeps().get(0));
    }
    step(3, "live: perception node + bag play on loopback DDS domain " + settings.domainId());
    console.println("      " + engine);
    console.printf(Locale.ROOT, "      the drive was recorded at %.0f Hz; the network needs %.0f ms per cloud on this machine, and the player "
        + "waits for the node where it is slower%n", sweepHz, networkMs);
    LivePass.Result live;
    try (Progress bar = bar("semantic clouds", settings.playFrames())) {
      live = new LivePass(settings.domainId(), settings.maxRate(), crop).run(model, playBag, settings.playFrames(), bar);
    }
    if (live.clouds().isEmpty()) throw new IllegalStateException("the perception node published no semantic cloud (" + live.shortfall() + ")");

    step(4, "scoring the node's labels against the simulator's ground truth");
    HeldOutStreet.Score score = truth.newScore();
    long unlabelled = 0;
    Map<Long, HeldOutStreet.Sweep> byStamp = new TreeMap<>();
    for (HeldOutStreet.Sweep s : truth.sweeps()) byStamp.put(s.stampNs(), s);
    for (var e : live.clouds().entrySet()) {
      HeldOutStreet.Sweep s = byStamp.get(e.getKey());
      if (s == null) throw new IllegalStateException("semantic cloud stamped " + e.getKey() + " ns matches no cloud of " + playBag);
      unlabelled += truth.add(score, s, labels(PointCloud2View.decode(e.getValue())));
    }

    step(5, "drawing");
    List<Path> pngs = draw(street, playBag, live, byStamp);
    List<CloudTiming> t = live.timings();
    return new Result(model, source, live.played(), live.clouds().size(), live.shortfall(), sweepHz, sweepHz * settings.maxRate(),
        live.playedHz(), live.heldBack(),
        networkMs, engine,
        NodeStats.percentile(t, CloudTiming::endToEndInNodeMs, 50), NodeStats.percentile(t, CloudTiming::endToEndInNodeMs, 95),
        NodeStats.percentile(t, CloudTiming::queueMs, 50), NodeStats.percentile(t, CloudTiming::queueMs, 95),
        NodeStats.percentile(t, CloudTiming::inferenceMs, 50), score.everywhere(), score.onTeacherPoints(), truth.teacherScore(),
        truth.points(false), truth.points(true), unlabelled, teacherAccuracy, pngs, (System.nanoTime() - start) / 1e9);
  }

  /** Simulates the training street, runs the simulated teacher on its images and pretrains the student into CACHE. */
  private double train(Path cache, boolean fresh) throws IOException {
    SimStudy.World w = settings.world();
    step(1, "model: training a student " + (fresh ? "(--fresh)" : "(no model for these settings in the repository or the cache)"));
    console.println("      simulating " + settings.trainFrames() + " sweeps of a street (32-beam LiDAR, " + w.cameras() + " camera"
        + (w.cameras() == 1 ? "" : "s") + ")");
    SimStudy study = new SimStudy(w, cache);
    Path trainBag;
    try (Progress b = bar("sim", settings.trainFrames())) {
      trainBag = study.bag("train-bag", settings.seed(), settings.trainFrames(), b);
    }
    ConfusionMatrix teacher = study.teacher(trainBag, settings.seed());
    console.printf(Locale.ROOT, "      simulated teacher: right on %.1f %% of the pixels of every image (pixel mIoU %.1f)%n",
        100 * teacher.accuracy(), 100 * teacher.meanIou());
    study.text(settings.seed());
    console.println("      pretraining: " + settings.epochs() + " epochs, batch " + settings.batch() + ", " + settings.sweeps()
        + " sweeps per sample (a few minutes on 2 cores)");
    Path dir = cache.resolve("model");
    FileTrees.delete(dir);
    PretrainConfig config = study.pretrainConfig(trainBag, settings.sweeps(), settings.epochs(), settings.batch());
    TrainingRun.run(new TrainingRun.Request("pretrain", List.of(trainBag), dir, config, settings.seed(), false, progress, null, 1), quiet());
    Files.writeString(cache.resolve("model.done"), "");
    return teacher.accuracy();
  }

  /** The median time of the network on SWEEP (after a warm-up pass), in ms. */
  private static double networkMs(Segmenter seg, TextEmbeddings text, HeldOutStreet.Sweep sweep) {
    PointCloud cloud = new PointCloud(sweep.xyzi(), Sample.STRIDE);
    seg.segment(cloud, text);
    double[] ms = new double[3];
    for (int i = 0; i < ms.length; i++) {
      long t0 = System.nanoTime();
      seg.segment(cloud, text);
      ms[i] = (System.nanoTime() - t0) / 1e6;
    }
    Arrays.sort(ms);
    return ms[1];
  }

  /** The sensor's sweep rate from the stamps (10 Hz when there is one sweep). */
  private static double sweepRate(HeldOutStreet street) {
    List<HeldOutStreet.Sweep> s = street.sweeps();
    if (s.size() < 2) return 10;
    return (s.size() - 1) / ((s.get(s.size() - 1).stampNs() - s.get(0).stampNs()) / 1e9);
  }

  private List<Path> draw(SimStudy street, Path playBag, LivePass.Result live, Map<Long, HeldOutStreet.Sweep> byStamp) throws IOException {
    List<String> classes = street.classes();
    long shown = live.clouds().keySet().stream().skip(live.clouds().size() / 2).findFirst().orElseThrow();
    PointCloud2View v = PointCloud2View.decode(live.clouds().get(shown));
    float[] xyz = xyz(v);
    int[] labels = labels(v);
    List<Path> pngs = new ArrayList<>();
    Files.createDirectories(out);
    float[] base = new float[xyz.length];
    street.rig().lidarMount().apply(xyz, 3, labels.length, base);
    pngs.add(out.resolve("bev_semantic.png"));
    DemoPictures.birdsEye(pngs.get(0), base, labels, classes, "perception node output");
    int[] truth = byStamp.get(shown).truth().clone();
    for (int i = 0; i < truth.length; i++) if (truth[i] >= classes.size()) truth[i] = -1;
    pngs.add(out.resolve("bev_ground_truth.png"));
    DemoPictures.birdsEye(pngs.get(1), base, truth, classes, "simulator ground truth");
    CameraFrame cam = camera(street, playBag, shown);
    if (cam != null) {
      pngs.add(out.resolve("camera_semantic.png"));
      DemoPictures.overCamera(pngs.get(2), cam.image().get(), cam.camera(), cam.cloudToCamera(), xyz, labels, classes, "perception node output");
    }
    return pngs;
  }

  private static int[] labels(PointCloud2View v) {
    PointFieldReader f = v.require("label");
    int[] l = new int[v.size()];
    for (int i = 0; i < l.length; i++) l[i] = (int) f.getLong(i);
    return l;
  }

  private static float[] xyz(PointCloud2View v) {
    float[] xyzi = v.xyzi();
    float[] xyz = new float[v.size() * 3];
    for (int i = 0; i < v.size(); i++) System.arraycopy(xyzi, 4 * i, xyz, 3 * i, 3);
    return xyz;
  }

  /** The front camera's frame paired with the cloud at STAMP (image, model, cloud -> camera), or null. */
  private static CameraFrame camera(SimStudy study, Path bag, long stamp) throws IOException {
    PretrainConfig.Data data = study.pretrainConfig(bag, 1, 1, 1).data;
    try (SampleLoader samples = SampleLoader.forBags(List.of(bag), data, null, true, w -> { })) {
      for (int i = 0; i < samples.size(); i++) {
        if (samples.entry(i).stampNs() != stamp) continue;
        Sample s = samples.load(i);
        return s.cameras().isEmpty() ? null : s.cameras().get(0);
      }
    }
    return null;
  }

  private void step(int i, String what) {
    console.printf("[%d/5] %s%n", i, what);
  }

  /** A progress bar on the console (when asked for) that also counts steps for the caller. */
  private Progress bar(String task, int max) {
    return new Progress(progress ? task : null, max);
  }

  private PrintStream quiet() {
    return progress ? console : new PrintStream(java.io.OutputStream.nullOutputStream());
  }

  /** Prints the demo's summary and what to try next. */
  public static void report(Result r, List<String> classes, PrintStream o) {
    o.println();
    o.printf(Locale.ROOT, "live: %d of %d semantic clouds came back on %s%s%n", r.received(), r.played(), LivePass.OUTPUT_TOPIC,
        r.shortfall().isEmpty() ? "" : " (" + r.shortfall() + ")");
    if (r.nodeKeptUp()) {
      o.printf(Locale.ROOT, "  the node kept up with the drive's %.0f Hz (played at %.1f Hz)%n", r.targetHz(), r.playedHz());
    } else {
      o.printf(Locale.ROOT, "  the node set the pace: played at %.1f Hz of the drive's %.0f Hz (the player held %d of %d clouds until the "
          + "node was done with the one before)%n", r.playedHz(), r.targetHz(), r.heldBack(), r.played());
    }
    o.printf(Locale.ROOT, "  latency, node receive -> publish: p50 %.1f ms, p95 %.1f ms (input queue p50 %.1f ms, p95 %.1f ms; network "
        + "p50 %.1f ms)%n", r.latencyP50Ms(), r.latencyP95Ms(), r.queueP50Ms(), r.queueP95Ms(), r.inferenceP50Ms());
    o.println("  " + r.engine());
    o.println();
    o.println("On the unseen street, against the simulator's ground truth (no 3D label was used in training):");
    o.printf(Locale.ROOT, "  student (the node's labels), all %,d points: mIoU %.1f%n", r.points(), 100 * r.student().meanIou());
    o.println("    per class IoU: " + IouText.perClass(r.student().iou(), classes));
    o.printf(Locale.ROOT, "  on the %,d points the teacher labels: teacher %.1f, student %.1f mIoU%n", r.teacherPoints(),
        100 * r.teacher().meanIou(), 100 * r.studentOnTeacherPoints().meanIou());
    o.println("    (the teacher: the simulated stand-in for CLIP, its pixel labels projected to the points its cameras see;");
    o.println("     the student learnt from such labels alone, on another street)");
    if (r.unlabelledPoints() > 0) o.printf(Locale.ROOT, "  %,d points outside the network's crop box are not scored%n", r.unlabelledPoints());
    o.println();
    o.println("model: " + r.model() + switch (r.source()) {
      case REPOSITORY -> " (the repository's demo model)";
      case CACHED -> " (cached by an earlier run)";
      case TRAINED -> String.format(Locale.ROOT, " (trained now; the simulated teacher was right on %.0f %% of the pixels)",
          100 * r.trainingTeacherAccuracy());
    });
    r.pngs().forEach(p -> o.println("wrote " + p));
    o.printf(Locale.ROOT, "demo took %.0f s%n", r.seconds());
    o.println();
    o.println("Next:");
    o.println("  real bags:   clip2scene import kitti --help   (KITTI folders -> a rosbag2 bag)");
    o.println("               clip2scene pretrain --bag BAG --config FILE --out MODEL_DIR");
    o.println("  real CLIP:   put ViT-B/16 weights (.safetensors) beside the tokenizer, then");
    o.println("               clip2scene clip embed --help   (text embeddings for your own class names)");
    o.println("  live:        clip2scene perception --ros-args -p model:=" + r.model() + " -p cloud_topic:=/your/points");
    o.println("  learning:    clip2scene bench learning --cameras 6   (teacher, student, supervised and ablations)");
  }
}
