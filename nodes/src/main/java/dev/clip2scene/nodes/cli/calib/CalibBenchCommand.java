package dev.clip2scene.nodes.cli.calib;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clip2scene.model.geometry.CameraCalibration;
import dev.clip2scene.model.geometry.CameraModel;
import dev.clip2scene.model.geometry.CameraView;
import dev.clip2scene.model.geometry.PointPairing;
import dev.clip2scene.model.geometry.PointPixelPairs;
import dev.clip2scene.nodes.calibration.Rig;
import dev.clip2scene.nodes.tf.TransformBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code clip2scene calib bench}: times the shared pairing routine (projection into every camera of a rig + pair
 * collection) on a synthetic LiDAR sweep, one thread.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Time point-to-pixel pairing of a synthetic LiDAR sweep into every camera of a calibration folder "
        + "(one thread).")
final class CalibBenchCommand implements Callable<Integer> {
  @Option(names = "--rig", paramLabel = "DIR", description = "calibration folder (default: the shipped calibration/nuscenes-like)")
  Path rig;

  @Option(names = "--lidar-frame", defaultValue = "LIDAR_TOP", description = "frame of the cloud (default: ${DEFAULT-VALUE})")
  String lidarFrame;

  @Option(names = "--points", defaultValue = "130000", description = "points per sweep (default: ${DEFAULT-VALUE})")
  int points;

  @Option(names = "--frames", defaultValue = "200", description = "timed sweeps (default: ${DEFAULT-VALUE})")
  int frames;

  @Option(names = "--warmup", defaultValue = "100", description = "untimed sweeps first (default: ${DEFAULT-VALUE})")
  int warmup;

  @Option(names = "--occlusion", paramLabel = "METRES",
      description = "also run the z-buffer occlusion test with this tolerance (4-pixel cells)")
  Double occlusion;

  @Option(names = "--json", description = "machine-readable output")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (points <= 0 || frames <= 0 || warmup < 0) throw new IllegalArgumentException("points and frames must be positive");
    Path dir = rig != null ? rig : CalibCommand.shippedRig("nuscenes-like");
    Rig r = Rig.read(dir);
    TransformBuffer tf = r.transforms();
    List<CameraView> views = new ArrayList<>();
    for (Map.Entry<String, CameraCalibration> e : r.cameras().entrySet()) {
      views.add(new CameraView(new CameraModel(e.getValue()), tf.lookup(e.getKey(), lidarFrame, 0)));
    }
    float[] cloud = syntheticSweep(points, new Random(42));
    PointPairing pairing = occlusion == null ? new PointPairing() : new PointPairing(1.0, occlusion, 4);
    PointPixelPairs pairs = new PointPixelPairs();
    for (int i = 0; i < warmup; i++) pairing.pair(cloud, 3, points, views, pairs);
    long[] ns = new long[frames];
    for (int i = 0; i < frames; i++) {
      long t0 = System.nanoTime();
      pairing.pair(cloud, 3, points, views, pairs);
      ns[i] = System.nanoTime() - t0;
    }
    Arrays.sort(ns);
    double p50 = ns[frames / 2] / 1e6, p99 = ns[Math.min(frames - 1, (int) Math.ceil(frames * 0.99) - 1)] / 1e6;
    double mean = Arrays.stream(ns).average().orElse(0) / 1e6;
    double rate = (double) points * views.size() / (mean / 1e3);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("rig", dir.toString());
    out.put("cameras", views.size());
    out.put("points", points);
    out.put("frames", frames);
    out.put("occlusion_tolerance_m", occlusion);
    out.put("pairs_per_frame", pairs.size());
    out.put("p50_ms", p50);
    out.put("p99_ms", p99);
    out.put("mean_ms", mean);
    out.put("point_projections_per_s", rate);
    if (json) {
      System.out.println(new ObjectMapper().writeValueAsString(out));
    } else {
      System.out.printf("pairing %d points into %d cameras (%s)%s: p50 %.2f ms, p99 %.2f ms, mean %.2f ms per sweep; "
              + "%.1f M point-projections/s; %d pairs per sweep%n", points, views.size(), dir,
          occlusion == null ? "" : ", occlusion " + occlusion + " m", p50, p99, mean, rate / 1e6, pairs.size());
    }
    return 0;
  }

  /**
   * A sweep in the order a 32-beam spinning LiDAR delivers it: azimuth steps around the full circle, at each step
   * one return per beam (elevation -30..+10 degrees), range 1-70 m at random.
   */
  static float[] syntheticSweep(int n, Random random) {
    int beams = 32;
    float[] xyz = new float[3 * n];
    for (int i = 0; i < n; i++) {
      double az = 2 * Math.PI * (i / beams) / Math.ceil((double) n / beams);
      double el = Math.toRadians(-30 + 40.0 * (i % beams) / (beams - 1));
      double range = 1 + 69 * random.nextDouble();
      xyz[3 * i] = (float) (range * Math.cos(el) * Math.cos(az));
      xyz[3 * i + 1] = (float) (range * Math.cos(el) * Math.sin(az));
      xyz[3 * i + 2] = (float) (range * Math.sin(el));
    }
    return xyz;
  }
}
