package dev.clip2scene.nodes.demo;

import dev.clip2scene.model.loss.PseudoLabels;
import dev.clip2scene.model.metrics.ConfusionMatrix;
import dev.clip2scene.model.net.ModelFolder;
import dev.clip2scene.msgs.MessageTypes;
import dev.clip2scene.msgs.pointcloud.PointCloud2View;
import dev.clip2scene.msgs.pointcloud.PointFieldReader;
import dev.clip2scene.nodes.bag.BagMessage;
import dev.clip2scene.nodes.bag.BagReader;
import dev.clip2scene.nodes.bag.MessageCursor;
import dev.clip2scene.nodes.bag.MessageFilter;
import dev.clip2scene.nodes.perception.pipeline.CloudTiming;
import dev.clip2scene.nodes.perception.pipeline.NodeStats;
import dev.clip2scene.model.train.CameraFrame;
import dev.clip2scene.model.train.PretrainConfig;
import dev.clip2scene.model.train.Sample;
import dev.clip2scene.nodes.pretrain.SampleLoader;
import dev.clip2scene.nodes.pretrain.TrainingRun;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * `clip2scene demo`, end to end from the jar alone: simulate a street (training world and a second, unseen one),
 * label its camera images with the simulated teacher (a stand-in for CLIP: no weights needed), pretrain a small
 * student on them (or reuse the one cached under OUT/cache/KEY by an earlier run with the same settings), then run
 * the perception node on the unseen world played from a bag over loopback DDS, and score and draw what it
 * publishes.
 */
public final class Demo {
  /** What a run produced. */
  public record Result(Path model, boolean reusedModel, int played, int received, double latencyP50Ms,
      double latencyP95Ms, double queueP50Ms, double inferenceP50Ms, ConfusionMatrix matrix, long unlabelledPoints,
      Double teacherPixelAccuracy, List<Path> pngs, double seconds) {}

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

  /** The cache folder of this run's settings. */
  public Path cacheDir() {
    return out.resolve("cache").resolve(settings.modelKey());
  }

  public Result run(boolean fresh) throws IOException, InterruptedException {
    long start = System.nanoTime();
    Path cache = cacheDir();
    if (fresh) SimStudy.deleteTree(cache);
    SimStudy study = new SimStudy(settings.world(), cache);
    Path model = cache.resolve("model");
    Path done = cache.resolve("model.done");
    boolean reuse = Files.exists(done) && Files.isDirectory(model.resolve("checkpoint"));
    console.println("clip2scene demo: a synthetic street (simulated, not a real dataset) and a simulated teacher (a stand-in for CLIP, not CLIP)");

    step(1, "simulating the training world (" + settings.trainFrames() + " sweeps, 32-beam LiDAR + front camera) and an unseen world ("
        + settings.playFrames() + " sweeps)");
    Path trainBag = null;
    if (!reuse) {
      try (Progress b = bar("sim", settings.trainFrames())) {
        trainBag = study.bag("train-bag", settings.seed(), settings.trainFrames(), b);
      }
    }
    Path playBag;
    try (Progress b = bar("sim", settings.playFrames())) {
      playBag = study.bag("live-bag", settings.seed() + 1, settings.playFrames(), b);
    }

    Double teacherAccuracy = null;
    if (reuse) {
      step(2, "teacher: skipped (model cached)");
      step(3, "reusing the model trained on an earlier run: " + model.resolve("checkpoint") + " (--fresh retrains)");
    } else {
      step(2, "simulated teacher: pixel labels at ~" + Math.round(100 * settings.world().teacherAccuracy()) + " % accuracy for every training image");
      ConfusionMatrix teacher = study.teacher(trainBag, settings.seed());
      teacherAccuracy = teacher.accuracy();
      console.printf(Locale.ROOT, "      teacher pixel accuracy %.1f %%, pixel mIoU %.1f%n", 100 * teacher.accuracy(), 100 * teacher.meanIou());
      study.text(settings.seed());
      step(3, "pretraining a small student network (" + settings.epochs() + " epochs, batch " + settings.batch() + ")");
      SimStudy.deleteTree(model);
      PretrainConfig config = study.pretrainConfig(trainBag, 1, settings.epochs(), settings.batch());
      TrainingRun.run(new TrainingRun.Request("pretrain", List.of(trainBag), model, config, settings.seed(), false, progress, null, 1),
          quiet());
      Files.writeString(done, "");
    }

    step(4, "live: perception node + bag play on loopback DDS domain " + settings.domainId() + ", " + settings.playFrames() + " sweeps");
    LivePass.Result live;
    try (Progress b = bar("semantic clouds", settings.playFrames())) {
      live = new LivePass(settings.domainId(), settings.playRate()).run(model.resolve("checkpoint"), playBag, settings.playFrames(), b);
    }
    if (live.clouds().isEmpty()) throw new IllegalStateException("the perception node published no semantic cloud (" + live.played() + " played)");

    step(5, "scoring against the simulator's ground truth and drawing");
    List<String> classes = study.classes();
    ConfusionMatrix matrix = new ConfusionMatrix(classes.size(), PseudoLabels.IGNORE);
    long[] unlabelled = {0};
    Map<Long, int[]> truth = truthLabels(playBag);
    long shown = live.clouds().keySet().stream().skip(live.clouds().size() / 2).findFirst().orElseThrow();
    float[] shownXyz = null;
    int[] shownLabels = null;
    for (var e : live.clouds().entrySet()) {
      int[] gt = truth.get(e.getKey());
      if (gt == null) throw new IllegalStateException("semantic cloud stamped " + e.getKey() + " ns matches no cloud of " + playBag);
      PointCloud2View v = PointCloud2View.decode(e.getValue());
      if (v.size() != gt.length) throw new IllegalStateException("semantic cloud at " + e.getKey() + " ns has " + v.size() + " points, the input " + gt.length);
      int[] predicted = labels(v);
      int[] t = gt.clone();
      for (int i = 0; i < t.length; i++) {
        if (t[i] == PseudoLabels.IGNORE_STORED) t[i] = PseudoLabels.IGNORE;
        if (predicted[i] >= classes.size()) {
          if (t[i] != PseudoLabels.IGNORE) unlabelled[0]++;
          t[i] = PseudoLabels.IGNORE;
          predicted[i] = 0;
        }
      }
      matrix.add(t, predicted);
      if (e.getKey() == shown) {
        shownXyz = xyz(v);
        shownLabels = labels(v);
      }
    }
    List<Path> pngs = new ArrayList<>();
    Files.createDirectories(out);
    float[] base = new float[shownXyz.length];
    study.rig().lidarMount().apply(shownXyz, 3, shownLabels.length, base);
    pngs.add(out.resolve("bev_semantic.png"));
    DemoPictures.birdsEye(pngs.get(0), base, shownLabels, classes, "perception node output");
    int[] gtShown = truth.get(shown).clone();
    for (int i = 0; i < gtShown.length; i++) if (gtShown[i] == PseudoLabels.IGNORE_STORED) gtShown[i] = PseudoLabels.IGNORE;
    pngs.add(out.resolve("bev_ground_truth.png"));
    DemoPictures.birdsEye(pngs.get(1), base, gtShown, classes, "simulator ground truth");
    CameraFrame cam = camera(study, playBag, shown);
    if (cam != null) {
      pngs.add(out.resolve("camera_semantic.png"));
      DemoPictures.overCamera(pngs.get(2), cam.image().get(), cam.camera(), cam.cloudToCamera(), shownXyz, shownLabels, classes, "perception node output");
    }
    List<CloudTiming> t = live.timings();
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Result(model.resolve("checkpoint"), reuse, live.played(), live.clouds().size(),
        NodeStats.percentile(t, CloudTiming::endToEndInNodeMs, 50), NodeStats.percentile(t, CloudTiming::endToEndInNodeMs, 95),
        NodeStats.percentile(t, CloudTiming::queueMs, 50), NodeStats.percentile(t, CloudTiming::inferenceMs, 50), matrix, unlabelled[0], teacherAccuracy, pngs, seconds);
  }

  /** The per-point ground-truth labels of each cloud of BAG by header stamp. */
  private static Map<Long, int[]> truthLabels(Path bag) throws IOException {
    Map<Long, int[]> out = new TreeMap<>();
    try (BagReader r = BagReader.open(bag); MessageCursor c = r.messages(MessageFilter.ofTopics(Set.of(SimStudy.pointsTopic())))) {
      for (BagMessage m = c.next(); m != null; m = c.next()) {
        PointCloud2View v = PointCloud2View.decode(m.data());
        out.put(v.header().stamp().toNanos(), labels(v));
      }
    }
    return out;
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
    o.printf(Locale.ROOT, "%nsemantic clouds: %d of %d played came back on %s%n", r.received(), r.played(), LivePass.OUTPUT_TOPIC);
    o.printf(Locale.ROOT, "latency, node receive -> publish: p50 %.1f ms, p95 %.1f ms (of which p50 %.1f ms waiting in the input "
        + "queue, %.1f ms network inference on CPU)%n", r.latencyP50Ms(), r.latencyP95Ms(), r.queueP50Ms(), r.inferenceP50Ms());
    o.printf(Locale.ROOT, "mIoU against the simulator's ground truth (annotation-free, no 3D labels used in training): %.1f%n", 100 * r.matrix().meanIou());
    double[] iou = r.matrix().iou();
    StringBuilder per = new StringBuilder("  per class IoU:");
    for (int c = 0; c < classes.size(); c++) {
      if (!Double.isNaN(iou[c])) per.append(String.format(Locale.ROOT, " %s %.0f,", classes.get(c), 100 * iou[c]));
    }
    o.println(per.substring(0, per.length() - 1));
    if (r.teacherPixelAccuracy() != null) {
      o.printf(Locale.ROOT, "  (the simulated teacher was right on %.0f %% of the pixels it labelled)%n", 100 * r.teacherPixelAccuracy());
    }
    o.println("model: " + r.model() + (r.reusedModel() ? " (cached, reused)" : " (trained now)"));
    r.pngs().forEach(p -> o.println("wrote " + p));
    o.printf(Locale.ROOT, "demo took %.0f s%n", r.seconds());
    o.println();
    o.println("Next:");
    o.println("  real bags:   clip2scene import kitti --help   (KITTI folders -> a rosbag2 bag)");
    o.println("               clip2scene pretrain --bag BAG --config FILE --out MODEL_DIR");
    o.println("  real CLIP:   put ViT-B/16 weights (.safetensors) beside the tokenizer, then");
    o.println("               clip2scene clip embed --help   (text embeddings for your own class names)");
    o.println("  live:        clip2scene perception --ros-args -p model:=" + r.model() + " -p cloud_topic:=/your/points");
    o.println("  bigger world: clip2scene sim --frames 200 --out BAG; learning figures: clip2scene bench learning");
  }
}
