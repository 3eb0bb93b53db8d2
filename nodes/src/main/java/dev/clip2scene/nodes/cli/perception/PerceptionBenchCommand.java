package dev.clip2scene.nodes.cli.perception;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clip2scene.model.clip.RandomClipWeights;
import dev.clip2scene.model.io.FileTrees;
import dev.clip2scene.model.io.SafeTensorsWriter;
import dev.clip2scene.nodes.perception.PerceptionBench;
import dev.clip2scene.nodes.transport.TransportOptions;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code clip2scene perception bench}: node overhead and inference time, bag played over loopback into the node. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {"Play bags of synthetic sweeps over loopback DDS into a perception node in this JVM and report, per "
        + "cloud size and rate, p50/p99 of: network (DDS source time -> receive), queue wait, prepare (decode, NaN "
        + "filter, tf, camera pairing), inference (voxelize, network forward + classification), output (build, encode, "
        + "publish), node overhead = prepare + output, and receive -> publish, each stage apart too; plus processed "
        + "rate and drops. With --cameras, also the cost of overlays and fusion per cloud and per camera."})
public final class PerceptionBenchCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--points", split = ",", defaultValue = "35000,130000", description = "cloud sizes (default ${DEFAULT-VALUE})")
  List<Integer> points;

  @Option(names = "--rates", split = ",", defaultValue = "10,20", description = "playback rates in Hz (default ${DEFAULT-VALUE})")
  List<Double> rates;

  @Option(names = "--count", defaultValue = "60", description = "measured clouds per configuration (default ${DEFAULT-VALUE})")
  int count;

  @Option(names = "--warmup", defaultValue = "5", description = "processed clouds not measured first (default ${DEFAULT-VALUE})")
  int warmup;

  @Option(names = "--domain-id", defaultValue = "198", description = "DDS domain, loopback only (default ${DEFAULT-VALUE})")
  int domainId;

  @Option(names = "-p", paramLabel = "NAME:=VALUE", description = "a node parameter, e.g. -p network_widths:=[16,16,32,32,64,64,32,32,32]")
  List<String> params = new ArrayList<>();

  @CommandLine.Mixin dev.clip2scene.nodes.cli.InferenceOptions inference;

  @Option(names = "--timings", paramLabel = "DIR",
      description = "also write every measured cloud's stage times, one CSV per configuration, into DIR")
  Path timings;

  @Option(names = "--cameras", defaultValue = "0", paramLabel = "K", description = "cameras of the nuscenes-like rig publishing "
      + "images (800 px wide) beside the clouds, 0 to 6; switch overlays or fusion on with -p (default ${DEFAULT-VALUE})")
  int cameras;

  @Option(names = "--random-clip", description = "write CLIP ViT-B/16 image-tower weights drawn at random (timing as with "
      + "the real weights; no file to download) and give them to the node as clip_weights, for -p fusion:=...")
  boolean randomClip;

  @Option(names = "--json", description = "machine-readable output")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (count < 1 || warmup < 0) throw new CommandLine.ParameterException(spec.commandLine(), "--count >= 1, --warmup >= 0");
    if (cameras < 0 || cameras > 6) throw new CommandLine.ParameterException(spec.commandLine(), "--cameras must be 0 to 6");
    inference.choice(spec);
    PrintWriter out = spec.commandLine().getOut();
    List<PerceptionBench.Result> results = new ArrayList<>();
    Path work = Files.createTempDirectory("clip2scene-perception-bench");
    try {
      List<String> nodeParams = new ArrayList<>(params);
      nodeParams.add("device:=" + inference.device);
      nodeParams.add("precision:=" + inference.precision);
      if (randomClip) nodeParams.add("clip_weights:=" + writeRandomClip(work.resolve("random-vit-b16.safetensors")));
      PerceptionBench bench = new PerceptionBench(TransportOptions.loopback(domainId), nodeParams, timings, cameras);
      for (int n : points) {
        for (double rate : rates) {
          PerceptionBench.Result r = bench.run(n, rate, warmup, count, work);
          results.add(r);
          if (!json) {
            out.printf("%,d points @ %.0f Hz: played %d, received %d, processed %d (%.1f Hz), dropped stale %d, lost %d,"
                + " semantic clouds received by the player %d%n", r.points(), r.rateHz(), r.played(), r.received(),
                r.processed(), r.processedHz(), r.droppedStale(), r.lost(), r.outputsReceived());
            out.printf("  p50/p99 ms: network %.2f/%.2f  queue %.1f/%.1f  prepare %.2f/%.2f  inference %.1f/%.1f  output %.2f/%.2f"
                + "  OVERHEAD %.2f/%.2f  receive->publish %.0f/%.0f%n", r.network().p50(), r.network().p99(), r.queue().p50(),
                r.queue().p99(), r.prepare().p50(), r.prepare().p99(), r.inference().p50(), r.inference().p99(),
                r.output().p50(), r.output().p99(), r.overhead().p50(), r.overhead().p99(), r.endToEndInNode().p50(),
                r.endToEndInNode().p99());
            out.printf("  stages p50/p99 ms: decode %.2f/%.2f  pairing %.2f/%.2f  voxelize %.1f/%.1f  forward %.1f/%.1f"
                + "  build %.2f/%.2f  encode %.2f/%.2f  publish %.2f/%.2f%n", r.decode().p50(), r.decode().p99(),
                r.pairing().p50(), r.pairing().p99(), r.voxelize().p50(), r.voxelize().p99(), r.forward().p50(),
                r.forward().p99(), r.build().p50(), r.build().p99(), r.encode().p50(), r.encode().p99(),
                r.publish().p50(), r.publish().p99());
            if (r.cameras() > 0) {
              out.printf("  %d cameras, p50/p99 ms per cloud: image features %.0f/%.0f  fuse %.2f/%.2f  overlays %.2f/%.2f;"
                  + " per camera: overlay %.2f/%.2f (%d published), teacher %.0f/%.0f (%d runs)%n", r.cameras(),
                  r.imageFeatures().p50(), r.imageFeatures().p99(), r.fuse().p50(), r.fuse().p99(), r.overlays().p50(),
                  r.overlays().p99(), r.cameraOverlay().p50(), r.cameraOverlay().p99(), r.overlaysPublished(),
                  r.cameraTeacher().p50(), r.cameraTeacher().p99(), r.teacherRuns());
            }
            out.flush();
          }
        }
      }
    } finally {
      FileTrees.delete(work);
    }
    if (json) out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(results));
    return 0;
  }

  /** Random ViT-B/16 image-tower weights in OpenAI naming, as a safetensors file. */
  private static Path writeRandomClip(Path file) throws java.io.IOException {
    RandomClipWeights w = RandomClipWeights.of(RandomClipWeights.vitB16(false), 1);
    SafeTensorsWriter out = new SafeTensorsWriter();
    for (String name : w.names()) out.addFloats(name, w.shape(name), w.floats(name));
    out.write(file);
    return file;
  }
}
