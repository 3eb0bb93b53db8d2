package dev.clip2scene.nodes.cli.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clip2scene.nodes.demo.Demo;
import dev.clip2scene.nodes.demo.DemoSettings;
import dev.clip2scene.nodes.demo.SimStudy;
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
    description = {"Run the whole pipeline on a synthetic street, with nothing to download: simulate a drive, label its "
        + "camera images with the simulated teacher (a stand-in for CLIP, not CLIP), pretrain a small 3D network, run "
        + "the perception node on an unseen drive played from a bag over loopback DDS, and print latency and mIoU "
        + "against the simulator's ground truth. Writes OUT/bev_semantic.png, OUT/bev_ground_truth.png and "
        + "OUT/camera_semantic.png. The trained model is cached in OUT/cache and reused by the next run."})
public final class DemoCommand implements Callable<Integer> {
  @Option(names = "--out", defaultValue = "clip2scene-demo", paramLabel = "DIR", description = "output folder (default: ${DEFAULT-VALUE})")
  Path out;

  @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "world and training seed (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--fresh", description = "retrain even when a model for these settings is cached")
  boolean fresh;

  @Option(names = "--json", description = "print a JSON summary instead of the report")
  boolean json;

  @Option(names = "--progress", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "progress bars on stderr (default: on)")
  boolean progress;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintStream console = json ? new PrintStream(java.io.OutputStream.nullOutputStream()) : System.out;
    Demo.Result r = new Demo(DemoSettings.standard(seed), out, console, progress).run(fresh);
    List<String> classes = dev.clip2scene.model.clip.Vocabulary.resolve(SimStudy.VOCABULARY).classes();
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("model", r.model().toString());
      m.put("reused_model", r.reusedModel());
      m.put("played", r.played());
      m.put("received", r.received());
      m.put("latency_p50_ms", r.latencyP50Ms());
      m.put("latency_p95_ms", r.latencyP95Ms());
      m.put("queue_p50_ms", r.queueP50Ms());
      m.put("inference_p50_ms", r.inferenceP50Ms());
      m.put("miou", r.matrix().meanIou());
      m.put("accuracy", r.matrix().accuracy());
      m.put("points_outside_crop", r.unlabelledPoints());
      m.put("teacher_pixel_accuracy", r.teacherPixelAccuracy());
      m.put("png", r.pngs().stream().map(Path::toString).toList());
      m.put("seconds", r.seconds());
      spec.commandLine().getOut().println(new ObjectMapper().writeValueAsString(m));
      spec.commandLine().getOut().flush();
    } else {
      Demo.report(r, classes, System.out);
    }
    return 0;
  }
}
