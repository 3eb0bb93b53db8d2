package dev.clip2scene.nodes.perception;

import dev.clip2scene.msgs.builtin.Time;
import dev.clip2scene.msgs.diagnostic.DiagnosticArray;
import dev.clip2scene.msgs.diagnostic.DiagnosticStatus;
import dev.clip2scene.msgs.diagnostic.KeyValue;
import dev.clip2scene.msgs.std.Header;
import dev.clip2scene.nodes.perception.pipeline.CameraStream;
import dev.clip2scene.nodes.perception.pipeline.CloudTiming;
import dev.clip2scene.nodes.perception.pipeline.NodeStats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the node's diagnostic_msgs/DiagnosticArray: one status for the cloud pipeline, one for tf, one per
 * camera. A status is WARN when one of its fault counters grew since the previous report (the message names
 * which), STALE when no cloud arrived in the period, else OK; the pipeline is ERROR once its inference thread has
 * died. Counters are totals since the node started.
 */
final class DiagnosticsReport {
  /** A camera with no image for this long has stopped. */
  static final long CAMERA_STOPPED_NS = 1_000_000_000L;

  /** Everything a report reads, taken at one moment. */
  record Snapshot(long nowNs, long received, long droppedStale, long lost, long processed, long nonFinitePoints,
      long cloudsWithoutIntensity, long badClouds, long inferenceErrors, long outputErrors, long tfFailures, long timeJumps,
      long badTf, long vocabularyUpdates, long vocabularyErrors, int frames, List<CloudTiming> recent, String device,
      String vocabulary, int classes, String fusion, String lastProblem, Throwable failure) {}

  private final String node;
  private Snapshot previous;
  private final java.util.Map<CameraStream, Long> previousCameraFailures = new java.util.HashMap<>();

  DiagnosticsReport(String node) {
    this.node = node;
  }

  /** The report of S; STAMP_NS stamps its header (ROS time), S's own time measures ages (system clock). */
  DiagnosticArray build(Snapshot s, List<CameraStream> cameras, double periodS, long stampNs) {
    Snapshot p = previous != null ? previous
        : new Snapshot(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, List.of(), "", "", 0, "", "", null);
    previous = s;
    List<DiagnosticStatus> status = new ArrayList<>();
    status.add(pipeline(s, p, periodS));
    status.add(tf(s, p));
    for (CameraStream c : cameras) status.add(camera(s, c));
    return new DiagnosticArray(new Header(Time.ofNanos(stampNs), ""), status);
  }

  private DiagnosticStatus pipeline(Snapshot s, Snapshot p, double periodS) {
    List<String> faults = new ArrayList<>();
    grew(faults, s.droppedStale() - p.droppedStale(), "stale clouds dropped (inference slower than input)");
    grew(faults, s.lost() - p.lost(), "samples lost (oversized or dropped by DDS)");
    grew(faults, s.nonFinitePoints() - p.nonFinitePoints(), "NaN/inf points dropped");
    grew(faults, s.cloudsWithoutIntensity() - p.cloudsWithoutIntensity(), "clouds without intensity (zeros used)");
    grew(faults, s.badClouds() - p.badClouds(), "undecodable clouds");
    grew(faults, s.inferenceErrors() - p.inferenceErrors(), "inference errors");
    grew(faults, s.outputErrors() - p.outputErrors(), "outputs not published");
    grew(faults, s.vocabularyErrors() - p.vocabularyErrors(), "vocabulary updates refused");
    List<CloudTiming> r = s.recent();
    Map<String, String> v = new LinkedHashMap<>();
    v.put("clouds_received", Long.toString(s.received()));
    v.put("clouds_processed", Long.toString(s.processed()));
    v.put("rate_hz", fmt((s.processed() - p.processed()) / periodS));
    v.put("clouds_dropped_stale", Long.toString(s.droppedStale()));
    v.put("samples_lost", Long.toString(s.lost()));
    v.put("nan_points_dropped", Long.toString(s.nonFinitePoints()));
    v.put("clouds_without_intensity", Long.toString(s.cloudsWithoutIntensity()));
    v.put("clouds_undecodable", Long.toString(s.badClouds()));
    v.put("inference_errors", Long.toString(s.inferenceErrors()));
    v.put("output_errors", Long.toString(s.outputErrors()));
    v.put("latency_p50_ms", fmt(NodeStats.percentile(r, CloudTiming::endToEndInNodeMs, 50)));
    v.put("latency_p99_ms", fmt(NodeStats.percentile(r, CloudTiming::endToEndInNodeMs, 99)));
    v.put("inference_p50_ms", fmt(NodeStats.percentile(r, CloudTiming::inferenceMs, 50)));
    v.put("overhead_p99_ms", fmt(NodeStats.percentile(r, CloudTiming::overheadMs, 99)));
    v.put("image_features_p50_ms", fmt(NodeStats.percentile(r, CloudTiming::imageFeaturesMs, 50)));
    v.put("overlays_p50_ms", fmt(NodeStats.percentile(r, CloudTiming::overlaysMs, 50)));
    v.put("fusion", s.fusion());
    v.put("device", s.device());
    v.put("vocabulary", s.vocabulary());
    v.put("classes", Integer.toString(s.classes()));
    v.put("vocabulary_updates", Long.toString(s.vocabularyUpdates()));
    v.put("vocabulary_errors", Long.toString(s.vocabularyErrors()));
    v.put("last_problem", s.lastProblem());
    byte level;
    String message;
    if (s.failure() != null) {
      level = DiagnosticStatus.ERROR;
      message = "inference thread died, no cloud is processed: " + s.failure();
    } else if (!faults.isEmpty()) {
      level = DiagnosticStatus.WARN;
      message = String.join("; ", faults);
    } else if (s.received() == p.received()) {
      level = DiagnosticStatus.STALE;
      message = "no cloud received in the last " + fmt(periodS) + " s";
    } else {
      level = DiagnosticStatus.OK;
      message = "ok";
    }
    return status(level, "pipeline", message, v);
  }

  private DiagnosticStatus tf(Snapshot s, Snapshot p) {
    List<String> faults = new ArrayList<>();
    grew(faults, s.tfFailures() - p.tfFailures(), "clouds skipped: transform to the target frame unavailable");
    grew(faults, s.timeJumps() - p.timeJumps(), "time jumped backwards (tf buffer cleared)");
    grew(faults, s.badTf() - p.badTf(), "undecodable tf messages");
    Map<String, String> v = new LinkedHashMap<>();
    v.put("tf_failures", Long.toString(s.tfFailures()));
    v.put("time_jumps", Long.toString(s.timeJumps()));
    v.put("tf_undecodable", Long.toString(s.badTf()));
    v.put("frames", Integer.toString(s.frames()));
    return status(faults.isEmpty() ? DiagnosticStatus.OK : DiagnosticStatus.WARN, "tf",
        faults.isEmpty() ? "ok" : String.join("; ", faults), v);
  }

  private DiagnosticStatus camera(Snapshot s, CameraStream c) {
    long last = c.lastReceiveNs();
    Map<String, String> v = new LinkedHashMap<>();
    v.put("images", Long.toString(c.images()));
    v.put("clouds_paired", Long.toString(c.paired()));
    v.put("clouds_unpaired", Long.toString(c.unpaired()));
    v.put("points_in_view", Long.toString(c.pointsInView()));
    v.put("overlays", Long.toString(c.overlays()));
    v.put("clouds_fused", Long.toString(c.fused()));
    v.put("points_fused", Long.toString(c.pointsFused()));
    v.put("image_features_p50_ms", fmt(median(c.fusionTimes())));
    v.put("overlay_p50_ms", fmt(median(c.overlayTimes())));
    v.put("failures", Long.toString(c.failures()));
    v.put("bad_images", Long.toString(c.badImages()));
    v.put("image_age_s", last == 0 ? "never" : fmt((s.nowNs() - last) / 1e9));
    v.put("camera_info", c.calibration().isPresent() ? "yes" : "no");
    boolean stopped = last == 0 || s.nowNs() - last > CAMERA_STOPPED_NS;
    long failures = c.failures() + c.badImages();
    long newFailures = failures - previousCameraFailures.getOrDefault(c, 0L);
    previousCameraFailures.put(c, failures);
    String message = last == 0 ? "no image received" : stopped ? "stream stopped: no image for " + fmt((s.nowNs() - last) / 1e9) + " s"
        : newFailures > 0 ? newFailures + " images or camera_info not usable (see last_problem of the pipeline)" : "ok";
    return status(stopped || newFailures > 0 ? DiagnosticStatus.WARN : DiagnosticStatus.OK, "camera " + c.imageTopic(), message, v);
  }

  private static double median(List<Double> v) {
    if (v.isEmpty()) return Double.NaN;
    double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return a[(a.length - 1) / 2];
  }

  private DiagnosticStatus status(byte level, String what, String message, Map<String, String> values) {
    List<KeyValue> kv = new ArrayList<>();
    values.forEach((k, val) -> kv.add(new KeyValue(k, val)));
    return new DiagnosticStatus(level, node + ": " + what, message, node, kv);
  }

  private static void grew(List<String> faults, long delta, String what) {
    if (delta > 0) faults.add(delta + " " + what);
  }

  private static String fmt(double v) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.2f", v);
  }
}
