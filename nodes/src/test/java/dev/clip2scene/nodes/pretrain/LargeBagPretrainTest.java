package dev.clip2scene.nodes.pretrain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clip2scene.model.geometry.CameraCalibration;
import dev.clip2scene.model.geometry.Quaternion;
import dev.clip2scene.model.geometry.RigidTransform;
import dev.clip2scene.msgs.MessageTypes;
import dev.clip2scene.msgs.builtin.Time;
import dev.clip2scene.msgs.sensor.Image;
import dev.clip2scene.msgs.std.Header;
import dev.clip2scene.nodes.bag.WriterOptions;
import dev.clip2scene.nodes.bag.mcap.ChunkCodec;
import dev.clip2scene.nodes.cli.Clip2SceneCommand;
import dev.clip2scene.nodes.dataset.ImportBag;
import dev.clip2scene.nodes.tf.StampedTransform;
import dev.clip2scene.nodes.tf.TfMessages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pretraining from a bag four times larger than the JVM's heap: a 2.2 GB drive (500 sweeps with one raw 1600 x 900
 * camera, uncompressed) pretrained in a child JVM with -Xmx512m, the tiny MaskCLIP as teacher (its pass decodes
 * every image once), one epoch over every sample. The run must finish, and its resident memory, sampled from /proc
 * while it runs, must stay flat: what the run needs at the end of training is what it needed at the start, and
 * less than the bag. The RSS per phase is printed. -Dclip2scene.largeBag.frames=N and -Dclip2scene.largeBag.dir=DIR
 * (keep the bag there) make the benchmark of RSS against bag size.
 */
class LargeBagPretrainTest {
  /** Sweeps in the bag (each 4.3 MB of image): 500 by default, -Dclip2scene.largeBag.frames=N for the benchmark. */
  private static final int FRAMES = Integer.getInteger("clip2scene.largeBag.frames", 500);
  private static final int WIDTH = 1600;
  private static final int HEIGHT = 900;
  private static final int POINTS = 1500;
  private static final long MS = 1_000_000L;
  private static final String CLOUD = "/lidar/points";
  private static final String CAMERA = "/cam_front/image_raw";
  @TempDir Path tmp;

  private record RssSample(long atMillis, long rssKb) {}

  @Test
  void pretrainsFromABagFourTimesTheHeapWithFlatMemory() throws Exception {
    Assumptions.assumeTrue(Files.isReadable(Path.of("/proc/self/status")), "needs /proc to read the child's resident memory");
    String keep = System.getProperty("clip2scene.largeBag.dir");
    Path bag = keep != null ? Path.of(keep).resolve("drive-" + FRAMES) : tmp.resolve("drive");
    if (!Files.isDirectory(bag)) {
      Path writing = bag.resolveSibling(bag.getFileName() + ".writing");
      writeDrive(writing);
      Files.move(writing, bag);
    }
    long bagBytes;
    try (Stream<Path> s = Files.list(bag)) {
      bagBytes = s.mapToLong(p -> p.toFile().length()).sum();
    }
    long heap = 512L << 20;
    assertTrue(bagBytes >= 4 * heap, "the bag (" + bagBytes + " bytes) is at least four times the heap");

    Path config = tmp.resolve("config.yaml");
    Files.writeString(config, TinyRun.networkAndTeacher() + """
        data:
          cloud_topic: %s
          camera_topics: [%s]
          sweeps: 2
          workers: 2
          prefetch: 4
        optim:
          lr: 0.01
        train:
          epochs: 1
          batch_size: 16
          evaluate: false
        """.formatted(CLOUD, CAMERA));
    Path out = tmp.resolve("run");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"), "-Dai.djl.pytorch.num_threads=2",
        "-Dai.djl.pytorch.num_interop_threads=1", Clip2SceneCommand.class.getName(), "pretrain", "--bag", bag.toString(), "--config", config.toString(),
        "--out", out.toString(), "--seed", "1", "--no-progress");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile());
    pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
    pb.environment().put("DJL_OFFLINE", "true");
    pb.environment().put("MALLOC_MMAP_THRESHOLD_", "131072"); // as bin/clip2scene sets it
    long started = System.currentTimeMillis();
    Process child = pb.start();
    List<RssSample> rss = new ArrayList<>();
    Path status = Path.of("/proc", Long.toString(child.pid()), "status");
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(20);
    while (child.isAlive() && System.nanoTime() < deadline) {
      long kb = LoaderBench.statusKb(status, "VmRSS");
      if (kb > 0) rss.add(new RssSample(System.currentTimeMillis(), kb));
      Thread.sleep(200);
    }
    assertTrue(child.waitFor(1, TimeUnit.MINUTES), "the run finished within 20 minutes");
    String log = Files.readString(tmp.resolve("child.log"));
    assertEquals(0, child.exitValue(), log.substring(Math.max(0, log.length() - 4000)));
    assertTrue(Files.isRegularFile(out.resolve("checkpoint/model.safetensors")));
    String train = Files.readString(out.resolve("train.log"));
    assertTrue(train.contains("teacher: " + FRAMES + " images, 0 cached already, " + FRAMES + " to compute"), train);

    long teacherStart = logTime(train, "teacher: ");
    long trainingStart = logTime(train, "training steps ");
    long trainingEnd = logTime(train, "epoch 1 done");
    long peakIndex = peak(rss, started, teacherStart);
    long peakTeacher = peak(rss, teacherStart, trainingStart);
    long third = (trainingEnd - trainingStart) / 3;
    long peakEarly = peak(rss, trainingStart, trainingStart + third);
    long peakLate = peak(rss, trainingEnd - third, trainingEnd);
    long peakAll = peak(rss, started, Long.MAX_VALUE);
    StringBuilder tenths = new StringBuilder();
    for (int k = 0; k < 10; k++) {
      long from = trainingStart + k * (trainingEnd - trainingStart) / 10;
      tenths.append(k == 0 ? "" : ", ").append(peak(rss, from, from + (trainingEnd - trainingStart) / 10) / 1024);
    }
    System.out.printf(Locale.ROOT, "large bag: %.2f GB in %d sweeps, heap 512 MiB; RSS peak %d MiB (index pass %d, teacher pass %d, "
        + "training first third %d, last third %d); %d samples of RSS over %.0f s%n", bagBytes / 1e9, FRAMES, peakAll / 1024, peakIndex / 1024,
        peakTeacher / 1024, peakEarly / 1024, peakLate / 1024, rss.size(), (System.currentTimeMillis() - started) / 1000.0);
    System.out.println("large bag: RSS peak per tenth of training (MiB): " + tenths);
    assertTrue(peakAll * 1024 < bagBytes, "resident memory stays below the bag: peak " + peakAll / 1024 + " MiB");
    assertTrue(peakLate <= peakEarly + Math.max(peakEarly / 10, 64 * 1024),
        "flat over training: the last third's peak " + peakLate / 1024 + " MiB against the first third's " + peakEarly / 1024 + " MiB");
  }


  /** The wall-clock millis of the first train.log line holding WHAT (lines start with an ISO instant). */
  private static long logTime(String log, String what) {
    for (String line : log.split("\n")) {
      if (line.contains(what)) return Instant.parse(line.substring(0, line.indexOf(' '))).toEpochMilli();
    }
    throw new AssertionError("no '" + what + "' in the training log:\n" + log);
  }

  private static long peak(List<RssSample> samples, long from, long to) {
    return samples.stream().filter(s -> s.atMillis() >= from && s.atMillis() <= to).mapToLong(RssSample::rssKb).max().orElse(0);
  }

  /**
   * The drive: 10 Hz sweeps of POINTS points spread in front of and around the car, a raw rgb8 front camera image
   * 10 ms after each sweep (pixels that differ per frame, in uncompressed chunks, so the bag is as large as its
   * images), ego poses at 100 Hz up to each image's stamp. Written in a few seconds; nothing is ray traced.
   */
  private static Path writeDrive(Path bag) throws IOException {
    RigidTransform lidar = RigidTransform.of(1, 0, 1.8, Quaternion.IDENTITY);
    RigidTransform camera = RigidTransform.of(1.5, 0, 1.5, new Quaternion(-0.5, 0.5, -0.5, 0.5));
    CameraCalibration pinhole = CameraCalibration.pinhole(WIDTH, HEIGHT, 1266, 1266, 800, 450);
    Random random = new Random(3);
    byte[] pixels = new byte[WIDTH * HEIGHT * 3];
    random.nextBytes(pixels);
    try (ImportBag w = ImportBag.create(bag, WriterOptions.MCAP.withCompression(ChunkCodec.NONE))) {
      w.topic("/tf_static", MessageTypes.TF_MESSAGE);
      w.topic("/tf", MessageTypes.TF_MESSAGE);
      w.topic(CLOUD, MessageTypes.POINT_CLOUD2);
      w.topic(CAMERA, MessageTypes.IMAGE);
      w.topic("/cam_front/camera_info", MessageTypes.CAMERA_INFO);
      w.write("/tf_static", MessageTypes.TF_MESSAGE, 900 * MS, TfMessages.message(List.of(new StampedTransform("base_link", "lidar", 0, lidar),
          new StampedTransform("base_link", "cam_front", 0, camera)), 900 * MS));
      for (int i = 0; i < FRAMES; i++) {
        long t = 1000 * MS + i * 100 * MS;
        LoaderBench.egoPoses(w, t - 80 * MS, t + 10 * MS);
        w.write(CLOUD, MessageTypes.POINT_CLOUD2, t, ImportBag.cloud(new Header(Time.ofNanos(t), "lidar"), LoaderBench.scatteredSweep(POINTS, random), List.of()));
        pixels[i % pixels.length] ^= (byte) 0x5A;
        Header h = new Header(Time.ofNanos(t + 10 * MS), "cam_front");
        w.write(CAMERA, MessageTypes.IMAGE, t + 10 * MS, new Image(h, HEIGHT, WIDTH, "rgb8", 0, WIDTH * 3, pixels));
        w.write("/cam_front/camera_info", MessageTypes.CAMERA_INFO, t + 10 * MS, ImportBag.cameraInfo(h, pinhole));
      }
    }
    return bag;
  }
}
