package dev.clip2scene.nodes.cli.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clip2scene.model.sim.LidarConfig;
import dev.clip2scene.model.sim.SimSettings;
import dev.clip2scene.model.sim.Simulator;
import dev.clip2scene.nodes.bag.BagWriter;
import dev.clip2scene.nodes.bag.WriterOptions;
import dev.clip2scene.nodes.bag.mcap.ChunkCodec;
import dev.clip2scene.nodes.calibration.Rig;
import dev.clip2scene.nodes.launch.PackageRoot;
import dev.clip2scene.nodes.sim.SimPreview;
import dev.clip2scene.nodes.sim.SimRecorder;
import dev.clip2scene.nodes.sim.SimRig;
import dev.clip2scene.nodes.sim.SimTopics;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code clip2scene sim}: a synthetic drive with ground truth, recorded as a rosbag2 bag. */
@Command(name = "sim", mixinStandardHelpOptions = true, subcommands = SimTeacherCommand.class,
    description = {"Simulate a drive through a procedural street (synthetic data, not a real dataset) and record it "
        + "as a bag: /tf, /tf_static, a 32-beam spinning LiDAR at 20 Hz (/lidar_top/points: x, y, z, intensity, t, "
        + "label, ring) and 1 to 6 cameras (/<camera>/image_raw rgb8, /<camera>/camera_info, /<camera>/labels mono8 "
        + "class ids, 255 = sky), plus /ground_truth/label_map. Label ids follow the bundled nuscenes vocabulary. "
        + "The same arguments give the same bag content, bit for bit."})
public final class SimCommand implements Callable<Integer> {
  @Option(names = "--frames", defaultValue = "100", paramLabel = "N", description = "LiDAR sweeps (20 per second; default: ${DEFAULT-VALUE})")
  int frames;

  @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "world and noise seed (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--out", paramLabel = "BAG", description = "bag folder to create (must not exist or be empty); required")
  Path out;

  @Option(names = "--cameras", defaultValue = "1", paramLabel = "K", description = "cameras, 0 to the rig's count; "
      + "front first (default: ${DEFAULT-VALUE})")
  int cameras;

  @Option(names = "--width", defaultValue = "640", paramLabel = "PX", description = "image width; the height keeps "
      + "the rig's aspect (default: ${DEFAULT-VALUE})")
  int width;

  @Option(names = "--points-per-sweep", defaultValue = "34688", paramLabel = "N", description = "LiDAR rays per "
      + "revolution (32 beams x N/32 columns; misses give no point; default: ${DEFAULT-VALUE})")
  int raysPerSweep;

  @Option(names = "--storage", defaultValue = "mcap", paramLabel = "mcap|sqlite3", description = "bag storage (default: ${DEFAULT-VALUE})")
  String storage;

  @Option(names = "--compression", defaultValue = "zstd", paramLabel = "zstd|lz4|none", description = "MCAP chunk "
      + "compression (default: ${DEFAULT-VALUE}; lz4 writes faster, zstd smaller)")
  String compression;

  @Option(names = "--rig", paramLabel = "DIR", description = "calibration folder (default: calibration/nuscenes-like of the package)")
  Path rigDir;

  @Option(names = "--lidar-frame", defaultValue = "LIDAR_TOP", paramLabel = "FRAME", description = "the rig's LiDAR frame (default: ${DEFAULT-VALUE})")
  String lidarFrame;

  @Option(names = "--no-deskew", description = "leave each point in the LiDAR frame at its own firing time instead of "
      + "the sweep's start (the stamp)")
  boolean noDeskew;

  @Option(names = "--png", paramLabel = "DIR", description = "also write PNGs of the first frame: camera images, label overlays, bird's-eye view")
  Path png;

  @Option(names = "--json", description = "print a JSON summary")
  boolean json;

  @Option(names = "--progress", negatable = true, description = "show a progress bar (default: when stderr is a terminal)")
  Boolean progress;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    CommandLine cli = spec.commandLine();
    if (out == null) throw new CommandLine.ParameterException(cli, "--out BAG is required");
    if (frames < 1) throw new CommandLine.ParameterException(cli, "--frames must be at least 1");
    if (width < 16 || width > 4096) throw new CommandLine.ParameterException(cli, "--width must be 16 to 4096");
    if (raysPerSweep < 32) throw new CommandLine.ParameterException(cli, "--points-per-sweep must be at least 32");
    WriterOptions options;
    try {
      options = switch (storage) {
        case "mcap" -> WriterOptions.MCAP.withCompression(ChunkCodec.byName(compression));
        case "sqlite3" -> WriterOptions.SQLITE3;
        default -> throw new CommandLine.ParameterException(cli, "--storage must be mcap or sqlite3, not " + storage);
      };
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cli, "--compression: " + e.getMessage());
    }
    Path dir = rigDir != null ? rigDir : PackageRoot.find().resolve("calibration").resolve("nuscenes-like");
    Rig rig = Rig.read(dir);
    if (cameras < 0 || cameras > rig.cameras().size()) {
      throw new CommandLine.ParameterException(cli, "--cameras must be 0 to " + rig.cameras().size() + " for " + dir);
    }
    SimRig simRig = SimRig.of(dir, rig, lidarFrame, cameras, width);
    LidarConfig lidar;
    try {
      lidar = LidarConfig.HDL32.withRaysPerSweep(raysPerSweep);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cli, "--points-per-sweep: " + e.getMessage());
    }
    Simulator sim = new Simulator(new SimSettings(seed, frames, lidar, simRig.lidarMount(), simRig.cameras(), !noDeskew));
    List<Path> previews = new ArrayList<>();
    var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    long start = System.nanoTime(), cpuStart = os.getProcessCpuTime();
    SimRecorder.Summary summary;
    boolean bar = progress != null ? progress : System.console() != null;
    try (BagWriter writer = BagWriter.create(out, options);
        ProgressBar pb = bar ? new ProgressBarBuilder().setTaskName("sim").setInitialMax(frames)
            .setStyle(ProgressBarStyle.ASCII).setUnit(" frames", 1).showSpeed().build() : null) {
      summary = new SimRecorder(sim, simRig).record(writer, i -> {
        if (pb != null) pb.stepTo(i + 1);
      }, f -> {
        if (png != null && f.index() == 0) {
          try {
            previews.addAll(SimPreview.write(png, f, simRig));
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        }
      });
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpuSeconds = (os.getProcessCpuTime() - cpuStart) / 1e9;
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("bag", out.toString());
    result.put("storage", storage);
    result.put("frames", summary.frames());
    result.put("cameras", simRig.cameras().stream().map(c -> c.name()).toList());
    result.put("image_size", simRig.cameras().isEmpty() ? null
        : simRig.cameras().get(0).model().width() + "x" + simRig.cameras().get(0).model().height());
    result.put("points_topic", SimTopics.points(simRig.lidarFrame()));
    result.put("mean_points_per_sweep", Math.round((double) summary.points() / summary.frames()));
    result.put("messages", summary.messages());
    result.put("deskewed", !noDeskew);
    result.put("seconds", Math.round(seconds * 1000) / 1000.0);
    result.put("frames_per_second", Math.round(summary.frames() / seconds * 100) / 100.0);
    // other processes competing for the cores slow the wall clock; CPU time is the work itself
    result.put("cpu_seconds", Math.round(cpuSeconds * 1000) / 1000.0);
    result.put("cpu_ms_per_frame", Math.round(cpuSeconds / summary.frames() * 1e4) / 10.0);
    result.put("cores", Runtime.getRuntime().availableProcessors());
    result.put("load_average", os.getSystemLoadAverage());
    result.put("png", previews.stream().map(Path::toString).toList());
    PrintWriter o = cli.getOut();
    if (json) {
      o.println(new ObjectMapper().writeValueAsString(result));
    } else {
      o.printf("sim: %d frames (%s, %d points per sweep on average, cameras %s) in %.2f s = %.2f frames/s "
          + "(%.1f ms CPU per frame, load average %.1f on %d cores) -> %s%n", summary.frames(), result.get("image_size"),
          result.get("mean_points_per_sweep"), result.get("cameras"), seconds, summary.frames() / seconds,
          cpuSeconds / summary.frames() * 1000, os.getSystemLoadAverage(), Runtime.getRuntime().availableProcessors(), out);
      previews.forEach(p -> o.println("  wrote " + p));
    }
    o.flush();
    return 0;
  }
}
