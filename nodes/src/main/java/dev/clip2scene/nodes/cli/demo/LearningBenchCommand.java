package dev.clip2scene.nodes.cli.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clip2scene.model.io.FileTrees;
import dev.clip2scene.nodes.demo.FusionScore;
import dev.clip2scene.nodes.demo.LearningBench;
import dev.clip2scene.nodes.demo.SimStudy;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code clip2scene bench learning}: teacher vs student vs supervised on simulated streets, with ablations. */
@Command(name = "learning", mixinStandardHelpOptions = true,
    description = {"Pretrain a small student with the simulated teacher (a stand-in for CLIP with a set pixel accuracy) "
        + "on M simulated sweeps and score it on H sweeps of another simulated street against exact ground truth: "
        + "teacher_miou (its pixel labels projected to the points), student_miou (annotation-free), supervised_miou "
        + "(the same network trained on ground truth), and the ablations no spatial-temporal term, 1 sweep, no S3T; then the "
        + "student fused with the teacher's labels as the perception node fuses image features (fused vs 3D-only vs 2D-only)."})
public final class LearningBenchCommand implements Callable<Integer> {
  @Option(names = "--frames", defaultValue = "60", paramLabel = "M", description = "training sweeps (default: ${DEFAULT-VALUE})")
  int frames;

  @Option(names = "--held-out", defaultValue = "20", paramLabel = "H", description = "held-out sweeps (default: ${DEFAULT-VALUE})")
  int heldOut;

  @Option(names = "--epochs", defaultValue = "4", paramLabel = "E", description = "epochs per training run (default: ${DEFAULT-VALUE})")
  int epochs;

  @Option(names = "--teacher-accuracy", defaultValue = "0.5", paramLabel = "A", description = "the simulated teacher's pixel accuracy (default: ${DEFAULT-VALUE})")
  double teacherAccuracy;

  @Option(names = "--cameras", defaultValue = "1", paramLabel = "K", description = "cameras of the rig (front first) that "
      + "feed the teacher, 1 to 6 (default: ${DEFAULT-VALUE})")
  int cameras;

  @Option(names = "--widths", split = ",", paramLabel = "W", description = "the student's 9 channel widths, SPVCNN layout "
      + "(stem, 4 down, 4 up; default: 8,8,16,16,32,32,16,16,16)")
  int[] widths;

  @Option(names = "--runs", split = ",", paramLabel = "RUN", description = "which trainings to run and score, comma-separated "
      + "(default: all of student, no_spatial_temporal, one_sweep, no_s3t, supervised)")
  java.util.List<String> runs;

  @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "world and training seed (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--dir", paramLabel = "DIR", description = "work folder for bags and models (default: a temporary folder, deleted after)")
  Path dir;

  @CommandLine.Mixin dev.clip2scene.nodes.cli.InferenceOptions inference;

  @Option(names = "--json", description = "print the figures as JSON")
  boolean json;

  @Option(names = "--progress", negatable = true, description = "progress bars on stderr (default: when stderr is a terminal)")
  Boolean progress;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    CommandLine cli = spec.commandLine();
    if (frames < 1 || heldOut < 1 || epochs < 1) throw new CommandLine.ParameterException(cli, "--frames, --held-out and --epochs must be >= 1");
    if (cameras < 1 || cameras > 6) throw new CommandLine.ParameterException(cli, "--cameras must be 1 to 6");
    if (!(teacherAccuracy >= 0 && teacherAccuracy <= 1)) throw new CommandLine.ParameterException(cli, "--teacher-accuracy must be in [0, 1]");
    if (widths != null && widths.length != 9) throw new CommandLine.ParameterException(cli, "--widths needs 9 values, got " + widths.length);
    java.util.List<String> chosen = runs != null ? runs : LearningBench.RUNS;
    for (String r : chosen) {
      if (!LearningBench.RUNS.contains(r)) throw new CommandLine.ParameterException(cli, "--runs: no run '" + r + "' (" + String.join(", ", LearningBench.RUNS) + ")");
    }
    Path work = dir != null ? dir : Files.createTempDirectory("clip2scene-bench-learning");
    boolean bars = progress != null ? progress : System.console() != null;
    PrintStream log = json ? new PrintStream(java.io.OutputStream.nullOutputStream()) : System.err;
    SimStudy.World world = SimStudy.World.standard(teacherAccuracy).withCameras(cameras);
    if (widths != null) world = world.withWidths(widths);
    LearningBench.Settings s = new LearningBench.Settings(frames, heldOut, epochs, 2, seed, world);
    LearningBench bench = new LearningBench(s, work, log, bars, chosen, inference.choice(spec));
    LearningBench.Result r;
    try {
      r = bench.run();
    } finally {
      if (dir == null) FileTrees.delete(work);
    }
    var out = cli.getOut();
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("teacher_miou", r.teacherMiou());
      m.put("teacher_iou", DemoCommand.perClass(r.teacherIou(), bench.classes()));
      for (String k : new String[] {"student", "supervised"}) {
        LearningBench.Score sc = r.models().get(k);
        if (sc == null) continue;
        m.put(k + "_miou", sc.miou());
        m.put(k + "_miou_teacher_points", sc.miouTeacherPoints());
        m.put(k + "_iou", DemoCommand.perClass(sc.iou(), bench.classes()));
        m.put(k + "_iou_teacher_points", DemoCommand.perClass(sc.iouTeacherPoints(), bench.classes()));
      }
      Map<String, Object> ablations = new LinkedHashMap<>();
      for (String k : new String[] {"no_spatial_temporal", "one_sweep", "no_s3t"}) {
        LearningBench.Score sc = r.models().get(k);
        if (sc != null) ablations.put(k, Map.of("miou", sc.miou(), "miou_teacher_points", sc.miouTeacherPoints()));
      }
      m.put("ablations", ablations);
      FusionScore.Result f = r.fusion();
      Map<String, Object> fusion = new LinkedHashMap<>();
      fusion.put("two_d_source", "simulated teacher (not CLIP)");
      fusion.put("seen_points", f.seenPoints());
      fusion.put("miou_seen_3d_only", f.seen3d());
      fusion.put("miou_seen_2d_only", f.seen2d());
      fusion.put("miou_seen_fused_ensemble", f.seenEnsemble());
      fusion.put("accuracy_seen_3d_only", f.accuracySeen()[0]);
      fusion.put("accuracy_seen_2d_only", f.accuracySeen()[1]);
      fusion.put("accuracy_seen_fused_ensemble", f.accuracySeen()[2]);
      fusion.put("miou_seen_fused_raw_cosine", f.seenRawCosine());
      fusion.put("miou_seen_oracle", f.seenOracle());
      fusion.put("ensemble_image_share", f.imageShare());
      fusion.put("raw_cosine_image_share", f.rawImageShare());
      fusion.put("disagreement_share", f.disagreement().share());
      fusion.put("disagreement_3d_right", f.disagreement().right3d());
      fusion.put("disagreement_2d_right", f.disagreement().right2d());
      fusion.put("ensemble_picks_right", f.disagreement().ensemblePicksRight());
      fusion.put("raw_cosine_picks_right", f.disagreement().rawPicksRight());
      fusion.put("median_best_cosine_3d", f.medianCos3d());
      fusion.put("median_best_cosine_2d", f.medianCos2d());
      fusion.put("best_cosine_roc_area_3d", f.separation3d());
      fusion.put("best_cosine_roc_area_2d", f.separation2d());
      fusion.put("miou_all_3d_only", f.all3d());
      fusion.put("miou_all_fused_ensemble", f.allEnsemble());
      fusion.put("miou_all_fused_image", f.allImage());
      fusion.put("by_teacher_feature_noise", f.sensitivity().stream().map(l -> {
        Map<String, Object> level = new LinkedHashMap<>();
        level.put("noise", l.noise());
        level.put("best_cosine_roc_area_2d", l.separation2d());
        level.put("miou_seen_2d_only", l.seen2d());
        level.put("miou_seen_fused_ensemble", l.seenEnsemble());
        level.put("ensemble_picks_right", l.ensemblePicksRight());
        return level;
      }).toList());
      m.put("fusion", fusion);
      m.put("teacher_pixel_accuracy", r.teacherPixelAccuracy());
      m.put("teacher_point_accuracy", r.teacherPointAccuracy());
      m.put("held_out_points", r.heldOutPoints());
      m.put("teacher_labelled_points", r.teacherPoints());
      m.put("settings", Map.of("frames", frames, "held_out", heldOut, "epochs", epochs, "seed", seed, "world", s.world().describe()));
      m.put("seconds", r.seconds());
      out.println(new ObjectMapper().writeValueAsString(m));
    } else {
      LearningBench.describe(r, bench.classes(), out::println);
      out.printf(java.util.Locale.ROOT, "(%.0f s)%n", r.seconds());
    }
    out.flush();
    return 0;
  }
}
