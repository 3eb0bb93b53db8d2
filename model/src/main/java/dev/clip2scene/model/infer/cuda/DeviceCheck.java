package dev.clip2scene.model.infer.cuda;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.clip2scene.model.infer.CpuEngine;
import dev.clip2scene.model.net.CpuSegmenter;
import dev.clip2scene.model.net.FusedNetwork;
import dev.clip2scene.model.net.NetworkConfig;
import dev.clip2scene.model.net.PointFeatures;
import dev.clip2scene.model.net.Segmentation;
import dev.clip2scene.model.net.TextEmbeddings;
import dev.clip2scene.model.voxel.PointCloud;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * The device check a GPU machine runs from the folder scripts/gpu-check/build.sh makes (no JDK, no network there): the
 * CUDA engine against the CPU engine on the folder's model (MinkUNet14A, float16 weights read as float32 by both) and
 * on real scans (SemanticKITTI, KITTI), then the CUDA engine's latency. Pass: labels equal on at least 99.9 % of the
 * points and every point's features within 1e-3 (relative) in float32, labels equal on at least 99 % in float16; the
 * same in float32 for SPVCNN with seeded weights. The labels are against class prototypes (the mean CPU feature of
 * each SemanticKITTI class of scan 000000), a classifier whose margins are like a trained one's; seeded random
 * embeddings are reported beside. Prints one JSON object. Exit: 0 pass, 1 a check failed, 2 bad usage, 3 no CUDA
 * device (the CPU half ran; the JSON says why).
 */
public final class DeviceCheck {
  static final double FEATURE_TOLERANCE = 1e-3;
  static final double LABELS_FLOAT32 = 0.999;
  static final double LABELS_FLOAT16 = 0.99;

  private DeviceCheck() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      System.err.println("usage: DeviceCheck FOLDER [--device N] [--clouds N] [--out FILE.json]");
      System.exit(2);
    }
    Path folder = Path.of(args[0]);
    int device = 0;
    int clouds = 200;
    Path out = null;
    for (int i = 1; i < args.length; i += 2) {
      if (i + 1 >= args.length) usage("missing the value of " + args[i]);
      switch (args[i]) {
        case "--device" -> device = Integer.parseInt(args[i + 1]);
        case "--clouds" -> clouds = Integer.parseInt(args[i + 1]);
        case "--out" -> out = Path.of(args[i + 1]);
        default -> usage("unknown option " + args[i]);
      }
    }
    Map<String, Object> report = new LinkedHashMap<>();
    int status = run(folder, device, clouds, report);
    String json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report);
    System.out.println(json);
    if (out != null) Files.writeString(out, json);
    System.exit(status);
  }

  private static void usage(String why) {
    System.err.println("DeviceCheck: " + why);
    System.exit(2);
  }

  /** Fills REPORT; returns the exit status. */
  static int run(Path folder, int device, int measured, Map<String, Object> report) throws IOException {
    FusedNetwork mink = FusedNetwork.load(folder.resolve("model"));
    Path scans = folder.resolve("scans");
    float[] sk = readScan(scans.resolve("semantickitti-000000.bin"));
    int[] skLabels = readLabels(scans.resolve("semantickitti-000000.label"));
    float[] kitti = readScan(scans.resolve("kitti-000000.bin"));
    Map<String, PointCloud> clouds = new LinkedHashMap<>();
    clouds.put("semantickitti-000000", new PointCloud(sk, 4));
    clouds.put("kitti-000000", new PointCloud(kitti, 4));
    clouds.put("semantickitti-000000-35k", subset(sk, 35_000, 1));
    clouds.put("kitti-000000-35k", subset(kitti, 35_000, 2));
    report.put("model", mink.config().architecture() + " widths " + Arrays.toString(mink.config().widths()) + ", voxel " + mink.config().voxelSize() + " m");
    Map<String, Object> sizes = new LinkedHashMap<>();
    clouds.forEach((k, c) -> sizes.put(k, c.size()));
    report.put("points", sizes);

    // the CPU engine: reference features and labels
    Map<String, PointFeatures> cpuFeatures = new LinkedHashMap<>();
    Map<String, Object> cpuMs = new LinkedHashMap<>();
    TextEmbeddings prototypes;
    TextEmbeddings random = random(19, mink.config().outputDim());
    Map<String, Map<String, int[]>> cpuLabels = new LinkedHashMap<>();
    try (CpuSegmenter cpu = new CpuSegmenter(mink, null, CpuEngine.defaultEngine())) {
      report.put("cpu", cpu.backend());
      for (Map.Entry<String, PointCloud> e : clouds.entrySet()) {
        long t0 = System.nanoTime();
        cpuFeatures.put(e.getKey(), cpu.features(e.getValue()));
        cpuMs.put(e.getKey(), (System.nanoTime() - t0) / 1e6);
      }
      prototypes = prototypes(cpuFeatures.get("semantickitti-000000"), skLabels);
      for (Map.Entry<String, PointCloud> e : clouds.entrySet()) {
        cpuLabels.put(e.getKey(), Map.of("prototypes", cpu.segment(e.getValue(), prototypes).labels(), "random", cpu.segment(e.getValue(), random).labels()));
      }
    }
    report.put("cpu_features_ms", cpuMs);
    report.put("classes", prototypes.classes());

    CudaDriver probe;
    try {
      probe = CudaDriver.open(device);
    } catch (GpuException e) {
      report.put("gpu", "unavailable");
      report.put("reason", "no CUDA device: " + e.getMessage());
      report.put("pass", false);
      return 3;
    }
    report.put("device", probe.info().describe());
    report.put("kernels", probe.kernels());
    probe.close();

    boolean pass = true;
    Map<String, Object> parity = new LinkedHashMap<>();
    for (boolean half : new boolean[] {false, true}) {
      Map<String, Object> p = new LinkedHashMap<>();
      try (CudaEngine gpu = CudaEngine.open(device, mink, half, null)) {
        for (Map.Entry<String, PointCloud> e : clouds.entrySet()) {
          Map<String, Object> one = new LinkedHashMap<>();
          PointFeatures f = gpu.features(e.getValue());
          double[] rel = featureError(cpuFeatures.get(e.getKey()), f);
          one.put("features_max_relative", rel[0]);
          one.put("features_p999_relative", rel[1]);
          one.put("kept_equal", Arrays.equals(f.kept(), cpuFeatures.get(e.getKey()).kept()));
          double agree = agreement(cpuLabels.get(e.getKey()).get("prototypes"), gpu.segment(e.getValue(), prototypes));
          one.put("labels_equal", agree);
          one.put("labels_equal_random_text", agreement(cpuLabels.get(e.getKey()).get("random"), gpu.segment(e.getValue(), random)));
          boolean ok = (Boolean) one.get("kept_equal") && agree >= (half ? LABELS_FLOAT16 : LABELS_FLOAT32) && (half || rel[0] <= FEATURE_TOLERANCE);
          one.put("pass", ok);
          pass &= ok;
          p.put(e.getKey(), one);
        }
      }
      parity.put(half ? "float16" : "float32", p);
    }
    parity.put("spvcnn_float32", spvcnnParity(device, clouds));
    pass &= (Boolean) ((Map<?, ?>) parity.get("spvcnn_float32")).get("pass");
    report.put("parity", parity);

    Map<String, Object> latency = new LinkedHashMap<>();
    List<PointCloud> small = List.of(clouds.get("semantickitti-000000-35k"), clouds.get("kitti-000000-35k"));
    List<PointCloud> large = List.of(clouds.get("semantickitti-000000"), clouds.get("kitti-000000"));
    FusedNetwork fine = mink.withVoxelSize(0.05);
    for (boolean half : new boolean[] {true, false}) {
      String precision = half ? "float16" : "float32";
      latency.put(precision + "_35k", CudaBench.run(mink, null, small, prototypes, half, device, 20, measured));
      latency.put(precision + "_full", CudaBench.run(mink, null, large, prototypes, half, device, 20, measured));
      latency.put(precision + "_full_voxel_0.05", CudaBench.run(fine, null, large, prototypes, half, device, 20, measured));
    }
    report.put("latency", latency);
    report.put("pass", pass);
    return pass ? 0 : 1;
  }

  /** SPVCNN (reference widths, seeded weights) in float32 on the CUDA engine against the CPU engine. */
  private static Map<String, Object> spvcnnParity(int device, Map<String, PointCloud> clouds) {
    FusedNetwork spv = FusedNetwork.of(NetworkConfig.spvcnn(), new SeededWeights(7));
    TextEmbeddings text = random(19, spv.config().outputDim());
    Map<String, Object> out = new LinkedHashMap<>();
    boolean pass = true;
    try (CpuSegmenter cpu = new CpuSegmenter(spv, null, CpuEngine.defaultEngine());
        CudaEngine gpu = CudaEngine.open(device, spv, false, null)) {
      for (String name : List.of("semantickitti-000000", "kitti-000000-35k")) {
        PointCloud c = clouds.get(name);
        double[] rel = featureError(cpu.features(c), gpu.features(c));
        double agree = agreement(cpu.segment(c, text).labels(), gpu.segment(c, text));
        boolean ok = rel[0] <= FEATURE_TOLERANCE && agree >= LABELS_FLOAT32;
        out.put(name, Map.of("features_max_relative", rel[0], "labels_equal", agree, "pass", ok));
        pass &= ok;
      }
    }
    out.put("pass", pass);
    return out;
  }

  /** Max and 99.9th percentile over points of |g - c| / max(|c|, 1 % of the median |c|) (row norms). */
  static double[] featureError(PointFeatures cpu, PointFeatures gpu) {
    int d = cpu.dim();
    double[] norm = new double[cpu.points()];
    double[] diff = new double[cpu.points()];
    for (int i = 0; i < cpu.points(); i++) {
      double n = 0, e = 0;
      for (int k = 0; k < d; k++) {
        double c = cpu.values()[i * d + k];
        double g = gpu.values()[i * d + k];
        n += c * c;
        e += (g - c) * (g - c);
      }
      norm[i] = Math.sqrt(n);
      diff[i] = Math.sqrt(e);
    }
    double[] sorted = norm.clone();
    Arrays.sort(sorted);
    double floor = 0.01 * sorted[sorted.length / 2];
    double[] rel = new double[norm.length];
    for (int i = 0; i < rel.length; i++) rel[i] = diff[i] / Math.max(norm[i], Math.max(floor, 1e-30));
    double[] r = rel.clone();
    Arrays.sort(r);
    return new double[] {r[r.length - 1], r[(int) Math.floor(0.999 * (r.length - 1))]};
  }

  static double agreement(int[] cpu, Segmentation gpu) {
    int same = 0;
    for (int i = 0; i < cpu.length; i++) if (cpu[i] == gpu.labels()[i]) same++;
    return cpu.length == 0 ? 1 : (double) same / cpu.length;
  }

  /** Unit-length mean feature of each SemanticKITTI class with at least 100 points in the scan. */
  static TextEmbeddings prototypes(PointFeatures f, int[] labels) {
    TreeMap<Integer, double[]> sums = new TreeMap<>();
    TreeMap<Integer, Integer> counts = new TreeMap<>();
    int d = f.dim();
    for (int i = 0; i < f.points(); i++) {
      if (!f.kept()[i]) continue;
      int cls = labels[i] & 0xffff;
      double[] s = sums.computeIfAbsent(cls, k -> new double[d]);
      for (int k = 0; k < d; k++) s[k] += f.values()[i * d + k];
      counts.merge(cls, 1, Integer::sum);
    }
    List<String> names = new ArrayList<>();
    List<float[]> rows = new ArrayList<>();
    for (Map.Entry<Integer, double[]> e : sums.entrySet()) {
      if (counts.get(e.getKey()) < 100) continue;
      double n = 0;
      for (double v : e.getValue()) n += v * v;
      float[] row = new float[d];
      for (int k = 0; k < d; k++) row[k] = (float) (e.getValue()[k] / Math.sqrt(n));
      names.add("semantickitti-" + e.getKey());
      rows.add(row);
    }
    float[] values = new float[rows.size() * d];
    for (int r = 0; r < rows.size(); r++) System.arraycopy(rows.get(r), 0, values, r * d, d);
    return new TextEmbeddings(names, d, values);
  }

  static TextEmbeddings random(int classes, int dim) {
    Random r = new Random(5);
    float[] v = new float[classes * dim];
    for (int i = 0; i < v.length; i++) v[i] = (float) r.nextGaussian();
    List<String> names = new ArrayList<>();
    for (int c = 0; c < classes; c++) names.add("random-" + c);
    return new TextEmbeddings(names, dim, v);
  }

  /** A seeded random subset of N points, in scan order. */
  static PointCloud subset(float[] scan, int n, long seed) {
    int total = scan.length / 4;
    int[] idx = new int[total];
    for (int i = 0; i < total; i++) idx[i] = i;
    Random r = new Random(seed);
    for (int i = 0; i < n; i++) {
      int j = i + r.nextInt(total - i);
      int t = idx[i];
      idx[i] = idx[j];
      idx[j] = t;
    }
    int[] chosen = Arrays.copyOf(idx, n);
    Arrays.sort(chosen);
    float[] out = new float[4 * n];
    for (int i = 0; i < n; i++) System.arraycopy(scan, 4 * chosen[i], out, 4 * i, 4);
    return new PointCloud(out, 4);
  }

  /** A KITTI velodyne scan: float32 x, y, z, reflectance per point, little-endian. */
  static float[] readScan(Path file) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    if (b.capacity() % 16 != 0) throw new IOException(file + ": " + b.capacity() + " bytes is not a whole number of points of 16 bytes");
    float[] v = new float[b.capacity() / 4];
    b.asFloatBuffer().get(v);
    return v;
  }

  static int[] readLabels(Path file) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    int[] v = new int[b.capacity() / 4];
    b.asIntBuffer().get(v);
    return v;
  }
}
