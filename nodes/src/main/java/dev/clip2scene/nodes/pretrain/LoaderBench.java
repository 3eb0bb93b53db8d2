package dev.clip2scene.nodes.pretrain;

import dev.clip2scene.model.geometry.CameraCalibration;
import dev.clip2scene.model.geometry.Quaternion;
import dev.clip2scene.model.geometry.RigidTransform;
import dev.clip2scene.model.geometry.Vector3;
import dev.clip2scene.model.io.FileTrees;
import dev.clip2scene.model.train.PretrainConfig;
import dev.clip2scene.model.train.Sample;
import dev.clip2scene.model.train.SampleStream;
import dev.clip2scene.model.train.SkippedSamples;
import dev.clip2scene.msgs.MessageTypes;
import dev.clip2scene.msgs.builtin.Time;
import dev.clip2scene.msgs.sensor.CompressedImage;
import dev.clip2scene.msgs.std.Header;
import dev.clip2scene.nodes.bag.WriterOptions;
import dev.clip2scene.nodes.dataset.ImportBag;
import dev.clip2scene.nodes.tf.StampedTransform;
import dev.clip2scene.nodes.tf.TfMessages;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * The sample loader alone, at nuScenes size: a bag of FRAMES sweeps of POINTS points at 20 Hz with CAMERAS JPEG
 * cameras at 1600 x 900 (one image per camera per sweep, each encoded afresh, about as many bytes as nuScenes'
 * JPEGs), ego poses at 100 Hz,
 * zstd chunks; written once into DIR and reused. Times the index pass, then reads every sample (3 sweeps) in a
 * shuffled order through the read-ahead, as training from a complete teacher cache does (clouds only), and again
 * decoding every camera image too (as a teacher running during training needs). Reports samples/s and this JVM's
 * peak resident memory.
 */
public final class LoaderBench {
  /** What to measure. */
  public record Settings(int frames, int cameras, int points, int workers, int prefetch, Path dir) {}

  private static final String CLOUD = "/LIDAR_TOP";
  private static final long MS = 1_000_000L;

  private LoaderBench() {}

  public static Map<String, Object> run(Settings s) throws IOException {
    Path bag = s.dir().resolve("bag-" + s.frames() + "x" + s.cameras() + "x" + s.points());
    Map<String, Object> out = new LinkedHashMap<>();
    long tw = System.nanoTime();
    if (!Files.isDirectory(bag)) write(bag, s);
    out.put("bag", bag.toString());
    out.put("bag_bytes", bagBytes(bag));
    out.put("write_s", (System.nanoTime() - tw) / 1e9);
    PretrainConfig.Data data = new PretrainConfig.Data();
    data.cloudTopic = CLOUD;
    List<String> cameras = new ArrayList<>();
    for (int c = 0; c < s.cameras(); c++) cameras.add("/CAM_" + c + "/image/compressed");
    data.cameraTopics = cameras;
    data.workers = s.workers();
    data.prefetch = s.prefetch();
    long t0 = System.nanoTime();
    SampleIndex index = new SampleIndexer(data, new SampleIndexer.Listener() {}).build(List.of(bag), "bench");
    double indexSeconds = (System.nanoTime() - t0) / 1e9;
    out.put("samples", index.size());
    out.put("index_s", indexSeconds);
    out.put("index_mb_per_s", (long) out.get("bag_bytes") / 1e6 / indexSeconds);
    List<Integer> shuffled = new ArrayList<>();
    for (int i = 0; i < index.size(); i++) shuffled.add(i);
    Collections.shuffle(shuffled, new Random(1));
    int[] order = shuffled.stream().mapToInt(Integer::intValue).toArray();
    out.put("workers", s.workers());
    out.put("prefetch", s.prefetch());
    out.put("clouds_samples_per_s", readAll(index, data, order, false));
    out.put("with_images_samples_per_s", readAll(index, data, order, true));
    out.put("peak_rss_mib", peakRssMib());
    out.put("max_heap_mib", Runtime.getRuntime().maxMemory() >> 20);
    return out;
  }

  /** Samples/s reading ORDER through the read-ahead (IMAGES: decoding every camera image too). */
  private static double readAll(SampleIndex index, PretrainConfig.Data data, int[] order, boolean images) {
    long points = 0;
    long t0 = System.nanoTime();
    try (SampleLoader loader = SampleLoader.open(index, data, images, new SkippedSamples()); SampleStream stream = loader.read(order)) {
      for (int i = 0; i < order.length; i++) {
        Sample s = stream.next();
        if (s == null) throw new IllegalStateException("sample " + order[i] + " could not be read: " + loader.skipped().counts());
        points += s.pointCount();
      }
    }
    if (points == 0) throw new IllegalStateException("no points read");
    return order.length / ((System.nanoTime() - t0) / 1e9);
  }

  /** odom -> base_link on /tf every 10 ms from FROM to TO (ns), driving 8 m/s along x. */
  static void egoPoses(ImportBag w, long from, long to) throws IOException {
    for (long p = from; p <= to; p += 10 * MS) {
      RigidTransform ego = new RigidTransform(new Vector3(8 * p / 1e9, 0, 0), Quaternion.IDENTITY);
      w.write("/tf", MessageTypes.TF_MESSAGE, p, TfMessages.message(List.of(new StampedTransform("odom", "base_link", p, ego)), p));
    }
  }

  /** POINTS points (x, y, z, intensity) scattered all around the sensor, 2 to 62 m away, -1.8 to 3.2 m up. */
  static float[] scatteredSweep(int points, Random random) {
    float[] xyzi = new float[points * 4];
    for (int k = 0; k < points; k++) {
      double angle = random.nextDouble() * 2 * Math.PI;
      double range = 2 + random.nextDouble() * 60;
      xyzi[4 * k] = (float) (range * Math.cos(angle));
      xyzi[4 * k + 1] = (float) (range * Math.sin(angle));
      xyzi[4 * k + 2] = (float) (-1.8 + random.nextDouble() * 5);
      xyzi[4 * k + 3] = random.nextInt(256);
    }
    return xyzi;
  }

  private static long bagBytes(Path bag) throws IOException {
    try (Stream<Path> s = Files.list(bag)) {
      return s.mapToLong(p -> p.toFile().length()).sum();
    }
  }

  /** The peak resident memory of this process (VmHWM), -1 where /proc does not say. */
  static long peakRssMib() {
    long kb = statusKb(Path.of("/proc/self/status"), "VmHWM");
    return kb < 0 ? -1 : kb / 1024;
  }

  /** A kB figure (VmRSS, VmHWM, ...) of a /proc/PID/status file; -1 when absent (not Linux, the process ended). */
  static long statusKb(Path status, String key) {
    try {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith(key + ":")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    } catch (IOException | NumberFormatException e) {
      // not Linux, or the process ended between the check and the read
    }
    return -1;
  }

  private static void write(Path bag, Settings s) throws IOException {
    Random random = new Random(2);
    List<BufferedImage> scenes = new ArrayList<>();
    for (int c = 0; c < s.cameras(); c++) scenes.add(scene(1600, 900, c));
    CameraCalibration pinhole = CameraCalibration.pinhole(1600, 900, 1266, 1266, 800, 450);
    Path tmp = bag.resolveSibling(bag.getFileName() + ".writing");
    if (Files.exists(tmp)) FileTrees.delete(tmp);
    try (ImportBag w = ImportBag.create(tmp, WriterOptions.MCAP)) {
      w.topic("/tf_static", MessageTypes.TF_MESSAGE);
      w.topic("/tf", MessageTypes.TF_MESSAGE);
      w.topic(CLOUD, MessageTypes.POINT_CLOUD2);
      List<StampedTransform> mounts = new ArrayList<>();
      mounts.add(new StampedTransform("base_link", "LIDAR_TOP", 0, RigidTransform.of(0.9, 0, 1.8, Quaternion.IDENTITY)));
      for (int c = 0; c < s.cameras(); c++) {
        w.topic("/CAM_" + c + "/image/compressed", MessageTypes.COMPRESSED_IMAGE);
        w.topic("/CAM_" + c + "/camera_info", MessageTypes.CAMERA_INFO);
        Quaternion look = Quaternion.fromAxisAngle(new Vector3(0, 0, 1), 2 * Math.PI * c / s.cameras()).multiply(new Quaternion(-0.5, 0.5, -0.5, 0.5));
        mounts.add(new StampedTransform("base_link", "CAM_" + c, 0, RigidTransform.of(1, 0, 1.5, look)));
      }
      w.write("/tf_static", MessageTypes.TF_MESSAGE, 900 * MS, TfMessages.message(mounts, 900 * MS));
      for (int i = 0; i < s.frames(); i++) {
        long t = 1000 * MS + i * 50 * MS;
        egoPoses(w, t - 40 * MS, t);
        w.write(CLOUD, MessageTypes.POINT_CLOUD2, t, ImportBag.cloud(new Header(Time.ofNanos(t), "LIDAR_TOP"), scatteredSweep(s.points(), random), List.of()));
        for (int c = 0; c < s.cameras(); c++) {
          long ts = t + (5 + c) * MS;
          Header h = new Header(Time.ofNanos(ts), "CAM_" + c);
          w.write("/CAM_" + c + "/image/compressed", MessageTypes.COMPRESSED_IMAGE, ts, new CompressedImage(h, "jpeg", frame(scenes.get(c), random)));
          w.write("/CAM_" + c + "/camera_info", MessageTypes.CAMERA_INFO, ts, ImportBag.cameraInfo(h, pinhole));
        }
      }
    }
    Files.move(tmp, bag);
  }

  /** A street-like picture (gradient sky, textured ground, blocks) as a JPEG of about nuScenes' size. */
  static byte[] jpeg(int width, int height, int seed) throws IOException {
    return encode(scene(width, height, seed));
  }

  /**
   * One frame of a camera: its scene with a few blocks moved, encoded afresh, so that no two JPEGs in the bag are
   * alike (zstd would otherwise shrink repeated images, which real recordings never have).
   */
  private static byte[] frame(BufferedImage scene, Random r) throws IOException {
    BufferedImage img = new BufferedImage(scene.getColorModel(), scene.copyData(null), false, null);
    for (int b = 0; b < 12; b++) {
      int bx = r.nextInt(scene.getWidth() - 200), by = r.nextInt(scene.getHeight() - 200), bw = 20 + r.nextInt(180), bh = 20 + r.nextInt(180);
      int colour = r.nextInt(0xffffff);
      for (int y = by; y < by + bh; y++) for (int x = bx; x < bx + bw; x++) img.setRGB(x, y, colour ^ ((x * 7 + y * 13) & 0x1f));
    }
    return encode(img);
  }

  private static byte[] encode(BufferedImage img) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "jpg", out);
    return out.toByteArray();
  }

  private static BufferedImage scene(int width, int height, int seed) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    Random r = new Random(seed);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int base = y < height / 2 ? 140 + y * 80 / height : 60 + (int) (30 * Math.sin(x * 0.05) * Math.cos(y * 0.07));
        int noise = r.nextInt(24);
        int v = Math.max(0, Math.min(255, base + noise));
        img.setRGB(x, y, (v << 16) | (Math.min(255, v + 10) << 8) | Math.max(0, v - 10));
      }
    }
    for (int b = 0; b < 40; b++) {
      int bx = r.nextInt(width - 100), by = height / 3 + r.nextInt(height / 2), bw = 20 + r.nextInt(80), bh = 20 + r.nextInt(120);
      int colour = r.nextInt(0xffffff);
      for (int y = by; y < Math.min(height, by + bh); y++) for (int x = bx; x < bx + bw; x++) img.setRGB(x, y, colour);
    }
    return img;
  }

}
