package dev.clip2scene.nodes.perception;

import dev.clip2scene.model.net.SyntheticSweep;
import dev.clip2scene.msgs.MessageTypes;
import dev.clip2scene.msgs.builtin.Time;
import dev.clip2scene.msgs.std.Header;
import dev.clip2scene.nodes.bag.BagMessage;
import dev.clip2scene.nodes.bag.BagWriter;
import dev.clip2scene.nodes.bag.MessageDefinition;
import dev.clip2scene.nodes.bag.TopicInfo;
import dev.clip2scene.nodes.bag.WriterOptions;
import dev.clip2scene.nodes.bag.live.TopicQos;
import dev.clip2scene.nodes.bag.mcap.ChunkCodec;
import dev.clip2scene.model.sim.SimCamera;
import dev.clip2scene.nodes.calibration.Rig;
import dev.clip2scene.nodes.launch.PackageRoot;
import dev.clip2scene.nodes.params.RosArgs;
import dev.clip2scene.nodes.sim.SimMessages;
import dev.clip2scene.nodes.sim.SimRig;
import dev.clip2scene.nodes.sim.SimTopics;
import dev.clip2scene.nodes.perception.pipeline.CloudTiming;
import dev.clip2scene.nodes.perception.pipeline.NodeStats;
import dev.clip2scene.nodes.transport.Qos;
import dev.clip2scene.nodes.transport.TransportOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The node's own cost, measured: a bag of synthetic sweeps is played over loopback DDS into a running perception node
 * (the player in a child JVM, the node in this one); each processed cloud's stage times are read from the node.
 * Network time is from just before the player's publish() to the node's receive (serialization, DDS, loopback UDP,
 * copy-out; both on the epoch clock); node
 * overhead is receive to publish minus queueing, image features and inference (i.e. decode, NaN filter, tf, camera
 * pairing and projection, merging image labels, building, encoding and publishing the semantic cloud).
 *
 * <p>With cameras, the bag also holds each camera's images (a fixed picture, rgb8, {@link #CAMERA_WIDTH} wide,
 * stamped 10 ms before each cloud), CameraInfo and the rig's /tf_static (calibration/nuscenes-like, clouds in its
 * LIDAR_TOP frame); overlays and fusion are switched on by node parameters. Per camera, the time of each overlay
 * (decode, paint, encode, publish) and of each teacher run is reported as the node records it.
 */
public final class PerceptionBench {
  /** Percentiles of one stage in milliseconds. */
  public record Stage(double p50, double p99) {}

  /** One configuration's figures: the stages in the order a cloud passes them, then their sums. */
  public record Result(int points, double rateHz, int played, long received, long processed, long droppedStale,
      long lost, double processedHz, long outputsReceived, Stage network, Stage queue, Stage decode, Stage pairing, Stage voxelize,
      Stage forward, Stage build, Stage encode, Stage publish, Stage prepare, Stage inference, Stage output,
      Stage overhead, Stage endToEndInNode, int cameras, Stage imageFeatures, Stage fuse, Stage overlays,
      Stage cameraOverlay, Stage cameraTeacher, long overlaysPublished, long teacherRuns) {}

  private static final int DISTINCT_SWEEPS = 4;
  public static final int CAMERA_WIDTH = 800;
  private static final String RIG = "nuscenes-like";
  private static final String RIG_LIDAR = "LIDAR_TOP";
  /** The player waits this long after creating its writer, for the node's reader to match it. */
  private static final double DISCOVERY_S = 2.0;
  private final TransportOptions transport;
  private final List<String> nodeOverrides;
  private final Path timingsDir;
  private final int cameras;

  /**
   * NODE_OVERRIDES: extra `name:=value` parameters of the node (e.g. network_widths); TIMINGS_DIR, when not null,
   * receives one CSV per configuration with every measured cloud's stage times; CAMERAS (0-6) of the nuscenes-like rig
   * publish images beside the clouds.
   */
  public PerceptionBench(TransportOptions transport, List<String> nodeOverrides, Path timingsDir, int cameras) {
    if (cameras < 0 || cameras > 6) throw new IllegalArgumentException("0 to 6 cameras, not " + cameras);
    this.transport = transport;
    this.nodeOverrides = List.copyOf(nodeOverrides);
    this.timingsDir = timingsDir;
    this.cameras = cameras;
  }

  public PerceptionBench(TransportOptions transport, List<String> nodeOverrides, Path timingsDir) {
    this(transport, nodeOverrides, timingsDir, 0);
  }

  public Result run(int points, double rateHz, int warmup, int count, Path workDir) throws IOException, InterruptedException {
    Path bag = workDir.resolve("bench_" + points + "_" + (int) rateHz + "hz");
    SimRig rig = cameras == 0 ? null : rig(cameras);
    writeBag(bag, points, rateHz, warmup + count, rig);
    List<String> args = new ArrayList<>(List.of("--ros-args", "-p", "loopback_only:=true"));
    if (rig != null) {
      args.addAll(List.of("-p", "camera_topics:=[" + String.join(", ", rig.cameras().stream().map(c -> SimTopics.image(c.name())).toList()) + "]"));
    }
    for (String o : nodeOverrides) args.addAll(List.of("-p", o));
    PerceptionSettings settings = PerceptionSettings.from(RosArgs.parse(args.toArray(String[]::new)));
    try (PerceptionNode node = PerceptionNode.start(settings, transport)) {
      BenchPlayer.Played played = play(bag, workDir, settings.outputTopic(), (warmup + count) / rateHz);
      Map<Long, Long> published = played.published();
      long deadline = System.nanoTime() + 300_000_000_000L;
      // until every received cloud was processed or dropped as stale (the last one may still be in the network)
      while (node.stats().processed() + node.cloudsDroppedStale() < node.cloudsReceived() && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      List<CloudTiming> all = node.stats().recent();
      List<CloudTiming> t = all.subList(Math.min(all.size(), warmup), all.size());
      long processed = node.stats().processed();
      if (timingsDir != null) {
        writeTimings(timingsDir.resolve("timings_" + points + "_" + (int) rateHz + "hz.csv"), t, published);
      }
      return new Result(points, rateHz, warmup + count, node.cloudsReceived(), processed, node.cloudsDroppedStale(),
          node.cloudsLost(), processed * rateHz / (warmup + count), played.outputsReceived(),
          stage(t, c -> networkMs(c, published)), stage(t, CloudTiming::queueMs),
          stage(t, CloudTiming::decodeMs), stage(t, CloudTiming::pairingMs), stage(t, CloudTiming::voxelizeMs),
          stage(t, CloudTiming::forwardMs), stage(t, CloudTiming::buildMs), stage(t, CloudTiming::encodeMs),
          stage(t, CloudTiming::publishMs),
          stage(t, CloudTiming::prepareMs), stage(t, CloudTiming::inferenceMs), stage(t, CloudTiming::outputMs),
          stage(t, CloudTiming::overheadMs), stage(t, CloudTiming::endToEndInNodeMs), cameras, stage(t, CloudTiming::imageFeaturesMs),
          stage(t, CloudTiming::fuseMs), stage(t, CloudTiming::overlaysMs),
          perCamera(node, dev.clip2scene.nodes.perception.pipeline.CameraStream::overlayTimes),
          perCamera(node, dev.clip2scene.nodes.perception.pipeline.CameraStream::fusionTimes),
          node.cameras().stream().mapToLong(dev.clip2scene.nodes.perception.pipeline.CameraStream::overlays).sum(),
          node.cameras().stream().mapToLong(dev.clip2scene.nodes.perception.pipeline.CameraStream::fused).sum());
    }
  }

  /** Percentiles over every camera's recorded times (the last 64 per camera). */
  private static Stage perCamera(PerceptionNode node, java.util.function.Function<dev.clip2scene.nodes.perception.pipeline.CameraStream,
      List<Double>> times) {
    double[] v = node.cameras().stream().flatMap(c -> times.apply(c).stream()).mapToDouble(Double::doubleValue).sorted().toArray();
    if (v.length == 0) return new Stage(Double.NaN, Double.NaN);
    return new Stage(v[Math.max(0, (int) Math.ceil(0.5 * v.length) - 1)], v[Math.max(0, (int) Math.ceil(0.99 * v.length) - 1)]);
  }

  /** The first K cameras of the package's nuscenes-like rig, images CAMERA_WIDTH wide. */
  static SimRig rig(int k) throws IOException {
    Path dir = PackageRoot.find().resolve("calibration").resolve(RIG);
    return SimRig.of(dir, Rig.read(dir), RIG_LIDAR, k, CAMERA_WIDTH);
  }

  /**
   * Plays BAG in a child JVM ({@link BenchPlayer}), as `ros2 bag play` runs beside a node: the player's reading,
   * copying and garbage collection are not the node's JVM's; it also subscribes OUTPUT_TOPIC. Returns, once all is
   * played, when each message (by log time = header stamp) was published and how many semantic clouds arrived.
   */
  private BenchPlayer.Played play(Path bag, Path workDir, String outputTopic, double seconds)
      throws IOException, InterruptedException {
    Path log = workDir.resolve(bag.getFileName() + ".player.log");
    Path times = workDir.resolve(bag.getFileName() + ".published");
    List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), BenchPlayer.class.getName(), bag.toString(),
        Integer.toString(transport.domainId()), Double.toString(DISCOVERY_S), outputTopic, times.toString());
    Process player = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      if (!player.waitFor(Math.round(seconds + DISCOVERY_S + 120), TimeUnit.SECONDS)) {
        throw new IOException("the bag player did not finish in time; its output: " + log);
      }
      if (player.exitValue() != 0) {
        throw new IOException("the bag player failed (exit " + player.exitValue() + "): " + Files.readString(log).strip());
      }
    } finally {
      player.destroyForcibly();
    }
    return BenchPlayer.read(times);
  }

  /** One row per cloud: when it was received (epoch ms) and every stage in ms, to find what a slow cloud waited on. */
  private static void writeTimings(Path csv, List<CloudTiming> clouds, Map<Long, Long> published) throws IOException {
    StringBuilder b = new StringBuilder("stamp_ns,receive_epoch_ms,network_ms,queue_ms,decode_ms,pairing_ms,voxelize_ms,"
        + "forward_ms,build_ms,encode_ms,publish_ms,overhead_ms\n");
    for (CloudTiming c : clouds) {
      b.append(c.stampNs()).append(',').append(String.format(java.util.Locale.ROOT,
          "%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f%n", c.receiveNs() / 1e6, networkMs(c, published), c.queueMs(),
          c.decodeMs(), c.pairingMs(), c.voxelizeMs(), c.forwardMs(), c.buildMs(), c.encodeMs(), c.publishMs(),
          c.overheadMs()));
    }
    Files.createDirectories(csv.toAbsolutePath().getParent());
    Files.writeString(csv, b);
  }

  /** Just before the player's publish() -> the node's receive (0 for a cloud the player did not log). */
  private static double networkMs(CloudTiming c, Map<Long, Long> published) {
    return (c.receiveNs() - published.getOrDefault(c.stampNs(), c.receiveNs())) / 1e6;
  }

  private static Stage stage(List<CloudTiming> t, ToDoubleFunction<CloudTiming> f) {
    return new Stage(NodeStats.percentile(t, f, 50), NodeStats.percentile(t, f, 99));
  }

  /**
   * COUNT clouds at RATE_HZ on /points, log times and header stamps one period apart; with RIG (may be null), its
   * /tf_static first and, 10 ms before each cloud, every camera's image and CameraInfo.
   */
  static void writeBag(Path bag, int points, double rateHz, int count, SimRig rig) throws IOException {
    if (Files.exists(bag)) throw new IOException(bag + " exists");
    String frame = rig == null ? "velodyne" : RIG_LIDAR;
    List<byte[]> sweeps = new ArrayList<>();
    for (int s = 0; s < DISTINCT_SWEEPS; s++) {
      float[] xyzi = SyntheticSweep.generate(points, s).cloud().data();
      sweeps.add(MessageTypes.POINT_CLOUD2.encode(XyziCloud.of(new Header(Time.ZERO, frame), xyzi, true)));
    }
    String type = MessageTypes.POINT_CLOUD2.name();
    long t0 = 1_700_000_000_000_000_000L;
    long period = Math.round(1e9 / rateHz);
    long imageLead = 10_000_000L;
    try (BagWriter w = BagWriter.create(bag, WriterOptions.MCAP.withCompression(ChunkCodec.NONE))) {
      w.addTopic(new TopicInfo("/points", type, "cdr", TopicQos.offeredProfiles(Qos.SENSOR_DATA), "",
          new MessageDefinition("ros2msg", MessageTypes.POINT_CLOUD2.schemaText()), 0));
      if (rig != null) {
        w.addTopic(topic("/tf_static", MessageTypes.TF_MESSAGE, Qos.TF_STATIC));
        for (SimCamera c : rig.cameras()) {
          w.addTopic(topic(SimTopics.image(c.name()), MessageTypes.IMAGE, Qos.SENSOR_DATA));
          w.addTopic(topic(SimTopics.cameraInfo(c.name()), MessageTypes.CAMERA_INFO, Qos.SENSOR_DATA));
        }
        w.write(new BagMessage("/tf_static", MessageTypes.TF_MESSAGE.name(), t0 - 2 * imageLead, t0 - 2 * imageLead,
            MessageTypes.TF_MESSAGE.encode(SimMessages.statics(rig.staticTransforms(), t0))));
      }
      for (int i = 0; i < count; i++) {
        long stamp = t0 + i * period;
        if (rig != null) {
          for (SimCamera c : rig.cameras()) {
            Header h = new Header(Time.ofNanos(stamp - imageLead), c.name());
            w.write(new BagMessage(SimTopics.image(c.name()), MessageTypes.IMAGE.name(), stamp - imageLead, stamp - imageLead,
                MessageTypes.IMAGE.encode(picture(c.model().width(), c.model().height(), h))));
            w.write(new BagMessage(SimTopics.cameraInfo(c.name()), MessageTypes.CAMERA_INFO.name(), stamp - imageLead, stamp - imageLead,
                MessageTypes.CAMERA_INFO.encode(SimMessages.cameraInfo(c.model().calibration(), h))));
          }
        }
        byte[] cdr = restamp(sweeps.get(i % DISTINCT_SWEEPS), stamp);
        w.write(new BagMessage("/points", type, stamp, stamp, cdr));
      }
    }
  }

  private static TopicInfo topic(String name, dev.clip2scene.msgs.RosMessageType<?> t, Qos qos) {
    return new TopicInfo(name, t.name(), "cdr", TopicQos.offeredProfiles(qos), "", new MessageDefinition("ros2msg", t.schemaText()), 0);
  }

  /** A fixed rgb8 picture (colour gradients), W x H. */
  private static dev.clip2scene.msgs.sensor.Image picture(int w, int h, Header header) {
    byte[] rgb = new byte[w * h * 3];
    for (int y = 0, i = 0; y < h; y++) {
      for (int x = 0; x < w; x++, i += 3) {
        rgb[i] = (byte) (255 * x / w);
        rgb[i + 1] = (byte) (255 * y / h);
        rgb[i + 2] = (byte) ((x ^ y) & 0xff);
      }
    }
    return new dev.clip2scene.msgs.sensor.Image(header, h, w, "rgb8", 0, 3 * w, rgb);
  }

  /** CDR of a PointCloud2 with its header stamp replaced: sec and nanosec are the first 8 bytes after the 4-byte header. */
  private static byte[] restamp(byte[] cdr, long stampNs) {
    byte[] out = cdr.clone();
    Time t = Time.ofNanos(stampNs);
    java.nio.ByteBuffer.wrap(out, 4, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(t.sec()).putInt(t.nanosec());
    return out;
  }
}
