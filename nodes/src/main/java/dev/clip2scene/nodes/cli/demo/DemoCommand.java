package dev.clip2scene.nodes.cli.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clip2scene.nodes.demo.Demo;
import dev.clip2scene.nodes.demo.DemoModel;
import dev.clip2scene.nodes.demo.DemoSettings;
import dev.clip2scene.nodes.demo.SimStudy;
import dev.clip2scene.nodes.transport.TransportOptions;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code clip2scene demo}: the whole pipeline on simulated data, from the jar alone. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Run the whole pipeline on a synthetic street, with nothing to download: a small 3D network that learnt from "
        + "the simulated teacher (a stand-in for CLIP, not CLIP) on one simulated street runs in the perception node on an "
        + "unseen street played from a bag over loopback DDS; the demo prints latency, the node's mIoU against the "
        + "simulator's ground truth, and the teacher beside it on the same points. The network is the repository's demo "
        + "model (models/demo) where the settings match it, else a model cached in OUT/cache, else one trained now "
        + "(several minutes). Writes OUT/bev_semantic.png, OUT/bev_ground_truth.png and OUT/camera_semantic.png."})
public final class DemoCommand implements Callable<Integer> {
  @Option(names = "--out", defaultValue = "clip2scene-demo", paramLabel = "DIR", description = "output folder (default: ${DEFAULT-VALUE})")
  Path out;

  @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "world and training seed; the unseen street is S + 1 "
      + "(default: ${DEFAULT-VALUE}; another seed trains its own model)")
  long seed;

  @Option(names = "--fresh", description = "train the model even where the repository or the cache has one for these settings")
  boolean fresh;

  @Option(names = "--save-model", paramLabel = "DIR", description = "also write the model (weights only) with its model card to DIR; "
      + "models/demo was made with --fresh --save-model models/demo")
  Path saveModel;

  @Option(names = "--domain-id", defaultValue = "" + DemoSettings.DEMO_DOMAIN, paramLabel = "N",
      description = "DDS domain of the live run, loopback only (default: ${DEFAULT-VALUE})")
  int domainId;

  @Option(names = "--json", description = "print a JSON summary instead of the report")
  boolean json;

  @Option(names = "--progress", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "progress bars on stderr (default: on)")
  boolean progress;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (domainId < 0 || domainId > TransportOptions.MAX_DOMAIN_ID) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--domain-id must be 0 to " + TransportOptions.MAX_DOMAIN_ID);
    }
    PrintStream console = json ? new PrintStream(java.io.OutputStream.nullOutputStream()) : System.out;
    DemoSettings settings = DemoSettings.standard(seed).withDomain(domainId);
    Demo.Result r = new Demo(settings, out, console, progress).run(fresh);
    List<String> classes = dev.clip2scene.model.clip.Vocabulary.resolve(SimStudy.VOCABULARY).classes();
    if (saveModel != null) {
      String command = "clip2scene demo" + (fresh ? " --fresh" : "") + (seed != 0 ? " --seed " + seed : "") + " --save-model "
          + shown(saveModel);
      DemoModel.save(r.model(), saveModel, settings, r, classes, command);
      console.println("saved the model with its model card to " + saveModel);
    }
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("model", r.model().toString());
      m.put("model_source", r.source().name().toLowerCase(java.util.Locale.ROOT));
      m.put("played", r.played());
      m.put("received", r.received());
      m.put("shortfall", r.shortfall());
      m.put("node_kept_up", r.nodeKeptUp());
      m.put("sweep_hz", r.sweepHz());
      m.put("played_hz", r.playedHz());
      m.put("held_back", r.heldBack());
      m.put("network_ms", r.networkMs());
      m.put("engine", r.engine());
      m.put("latency_p50_ms", r.latencyP50Ms());
      m.put("latency_p95_ms", r.latencyP95Ms());
      m.put("queue_p50_ms", r.queueP50Ms());
      m.put("queue_p95_ms", r.queueP95Ms());
      m.put("inference_p50_ms", r.inferenceP50Ms());
      m.put("miou", r.student().meanIou());
      m.put("iou", perClass(r.student().iou(), classes));
      m.put("accuracy", r.student().accuracy());
      m.put("teacher_miou", r.teacher().meanIou());
      m.put("student_miou_teacher_points", r.studentOnTeacherPoints().meanIou());
      m.put("points", r.points());
      m.put("teacher_points", r.teacherPoints());
      m.put("points_outside_crop", r.unlabelledPoints());
      m.put("png", r.pngs().stream().map(Path::toString).toList());
      m.put("seconds", r.seconds());
      spec.commandLine().getOut().println(new ObjectMapper().writeValueAsString(m));
      spec.commandLine().getOut().flush();
    } else {
      Demo.report(r, classes, System.out);
    }
    return 0;
  }

  /** DIR as a reader of the model card can use it: relative to the package root when inside it. */
  private static String shown(Path dir) {
    Path abs = dir.toAbsolutePath().normalize();
    try {
      Path root = dev.clip2scene.nodes.launch.PackageRoot.find();
      if (abs.startsWith(root)) return root.relativize(abs).toString();
    } catch (RuntimeException e) {
      // not inside a package: the path as given
    }
    return abs.toString();
  }

  /** Class name -> IoU for the classes present. */
  static Map<String, Double> perClass(double[] iou, List<String> classes) {
    Map<String, Double> m = new LinkedHashMap<>();
    for (int c = 0; c < iou.length; c++) if (!Double.isNaN(iou[c])) m.put(classes.get(c), iou[c]);
    return m;
  }
}
