package dev.clip2scene.nodes.pretrain;

import dev.clip2scene.model.geometry.CameraCalibration;
import dev.clip2scene.model.geometry.RigidTransform;
import dev.clip2scene.model.train.PretrainConfig;
import dev.clip2scene.model.train.SkippedSamples;
import dev.clip2scene.msgs.MessageTypes;
import dev.clip2scene.msgs.cdr.CdrReader;
import dev.clip2scene.msgs.pointcloud.PointCloud2View;
import dev.clip2scene.msgs.sensor.CameraInfo;
import dev.clip2scene.msgs.std.Header;
import dev.clip2scene.nodes.bag.BagFormatException;
import dev.clip2scene.nodes.bag.BagMessage;
import dev.clip2scene.nodes.bag.BagReader;
import dev.clip2scene.nodes.bag.MessageFilter;
import dev.clip2scene.nodes.bag.MessageLocator;
import dev.clip2scene.nodes.bag.StorageReader;
import dev.clip2scene.nodes.bag.TopicInfo;
import dev.clip2scene.nodes.tf.TfMessages;
import dev.clip2scene.nodes.tf.TransformBuffer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Builds a {@link SampleIndex} in one pass over the bags (sample assembly as METHOD.md describes it): every n-th
 * cloud is a keyframe; up to sweeps - 1 earlier clouds within the sweep window are registered into it through the
 * ego poses on /tf (the fixed frame -> cloud frame at each stamp; identity, with a warning, when the bag has no such
 * poses); each camera contributes its image nearest in time within the tolerance, with the cloud -> camera
 * transform at the image stamp. It holds only transforms and per-topic stamps and places, never payloads: each
 * message is decoded as far as its header (clouds: their field list), then dropped.
 *
 * <p>What cannot be used is left out with a message naming bag, topic and stamp, and counted: a bag without the
 * cloud topic, a camera topic with no images or no camera_info, a sweep or camera whose transform is missing, a
 * damaged MCAP chunk (the pass goes on with the next chunk; other damage ends that file, as the readers do).
 */
public final class SampleIndexer {
  /** Hears what the pass does. */
  public interface Listener {
    /** A line worth showing (warnings, what was left out). */
    default void note(String line) {}

    /** FILE held a valid index for these bags and settings. */
    default void reused(Path file, SampleIndex index) {}

    /** Bytes of storage files read so far, of TOTAL. */
    default void progress(long done, long total) {}
  }

  private static final String TF = "/tf";
  private static final String TF_STATIC = "/tf_static";

  private final PretrainConfig.Data config;
  private final Listener listener;
  private final List<String> infoTopics;
  private final List<String> warnings = new ArrayList<>();
  private final SkippedSamples skipped;

  public SampleIndexer(PretrainConfig.Data config, Listener listener) {
    this.config = config;
    this.listener = listener;
    this.infoTopics = infoTopics(config);
    this.skipped = new SkippedSamples(this::warn);
    if (config.sweeps < 1 || config.keyframeEvery < 1) {
      throw new IllegalArgumentException("data.sweeps and data.keyframe_every must be at least 1, got " + config.sweeps + " and " + config.keyframeEvery);
    }
  }

  /** The camera_info topic of each camera: configured, or each image topic's namespace + /camera_info. */
  static List<String> infoTopics(PretrainConfig.Data config) {
    if (!config.cameraInfoTopics.isEmpty()) {
      if (config.cameraInfoTopics.size() != config.cameraTopics.size()) {
        throw new IllegalArgumentException(config.cameraInfoTopics.size() + " camera_info topics for " + config.cameraTopics.size() + " camera topics");
      }
      return config.cameraInfoTopics;
    }
    List<String> out = new ArrayList<>();
    for (String t : config.cameraTopics) {
      String base = t.endsWith("/compressed") ? t.substring(0, t.length() - "/compressed".length()) : t;
      out.add(base.substring(0, Math.max(0, base.lastIndexOf('/'))) + "/camera_info");
    }
    return out;
  }

  private void warn(String line) {
    warnings.add(line);
    listener.note("warning: " + line);
  }

  /** A cloud's place, stamp and frame. */
  private record Cloud(SampleIndex.MessageRef ref, String frame, boolean labelled) {}

  /** What the pass gathers from one bag. */
  private final class BagState {
    final Path bag;
    final TransformBuffer tf = new TransformBuffer(Duration.ofDays(365), Duration.ofDays(365));
    final List<Cloud> clouds = new ArrayList<>();
    final List<TreeMap<Long, SampleIndex.MessageRef>> images = new ArrayList<>();
    /** Per camera: each camera_info's stamp -> its calibration (an index into CALIBRATIONS, equal ones shared). */
    final List<TreeMap<Long, Integer>> infos = new ArrayList<>();
    final List<SampleIndex.Camera> calibrations = new ArrayList<>();
    final Map<String, Integer> calibrationIndex = new HashMap<>();
    final List<String> unusableInfo = new ArrayList<>();

    BagState(Path bag) {
      this.bag = bag;
      for (int c = 0; c < config.cameraTopics.size(); c++) {
        images.add(new TreeMap<>());
        infos.add(new TreeMap<>());
        unusableInfo.add(null);
      }
    }

    /** Keeps CameraInfo I of camera C by its stamp; cameras recalibrated in a recording get each calibration. */
    void addInfo(int c, CameraInfo i) {
      CameraCalibration k;
      try {
        k = new CameraCalibration(i.width(), i.height(), i.distortionModel(), i.d(), i.k(), i.r(), i.p());
      } catch (IllegalArgumentException e) {
        if (unusableInfo.get(c) == null) unusableInfo.set(c, i.header().stamp().toNanos() + " ns: " + e.getMessage());
        return;
      }
      SampleIndex.Camera camera = new SampleIndex.Camera(config.cameraTopics.get(c), i.header().frameId(), k);
      String key = camera.topic() + '\0' + camera.frameId() + '\0' + k.width() + 'x' + k.height() + k.distortionModel()
          + Arrays.toString(k.d()) + Arrays.toString(k.k()) + Arrays.toString(k.r()) + Arrays.toString(k.p());
      Integer at = calibrationIndex.get(key);
      if (at == null) {
        at = calibrations.size();
        calibrations.add(camera);
        calibrationIndex.put(key, at);
      }
      infos.get(c).put(i.header().stamp().toNanos(), at);
    }

    void take(BagMessage m, int file, long location) {
      String t = m.topic();
      try {
        if (t.equals(config.cloudTopic)) {
          PointCloud2View v = PointCloud2View.decode(m.data());
          SampleIndex.MessageRef ref = new SampleIndex.MessageRef(file, location, m.logTimeNs(), v.header().stamp().toNanos());
          clouds.add(new Cloud(ref, v.header().frameId(), v.field(config.labelField).isPresent()));
        } else if (t.equals(TF) || t.equals(TF_STATIC)) {
          TfMessages.addTo(tf, MessageTypes.TF_MESSAGE.decode(m.data()), t.equals(TF_STATIC));
        } else {
          int cam = config.cameraTopics.indexOf(t);
          if (cam >= 0) {
            Header h = Header.CDR.read(CdrReader.of(m.data(), m.type()));
            images.get(cam).put(h.stamp().toNanos(), new SampleIndex.MessageRef(file, location, m.logTimeNs(), h.stamp().toNanos()));
          }
          int info = infoTopics.indexOf(t);
          if (info >= 0) addInfo(info, MessageTypes.CAMERA_INFO.decode(m.data()));
        }
      } catch (RuntimeException e) {
        skipped.add("undecodable message", bag + ", topic " + t + ", logged at " + m.logTimeNs() + " ns: " + e.getMessage());
      }
    }
  }

  public SampleIndex build(List<Path> bags, String fingerprint) throws IOException {
    if (bags.isEmpty()) throw new IllegalArgumentException("no bags to read samples from");
    Set<String> topics = new HashSet<>(List.of(config.cloudTopic, TF, TF_STATIC));
    topics.addAll(config.cameraTopics);
    topics.addAll(infoTopics);
    MessageFilter filter = MessageFilter.ofTopics(topics);
    List<Path> files = new ArrayList<>();
    List<SampleIndex.Camera> cameras = new ArrayList<>();
    List<SampleIndex.Entry> entries = new ArrayList<>();
    long sum = 0;
    for (Path bag : bags) sum += bagBytes(bag);
    long total = Math.max(1, sum);
    long[] done = {0};
    for (int b = 0; b < bags.size(); b++) {
      Path bag = bags.get(b);
      BagState state = new BagState(bag);
      try (BagReader reader = BagReader.open(bag)) {
        for (StorageReader storage : reader.storages()) {
          int file = files.size();
          files.add(storage.file().toAbsolutePath().normalize());
          long base = done[0];
          read(storage, file, filter, state, p -> listener.progress(base + p, total));
          done[0] = base + Files.size(storage.file());
          listener.progress(done[0], total);
        }
        for (BagFormatException e : reader.damage()) skipped.add("damaged bag data (its messages are lost)", e.getMessage());
      }
      samples(b, state, cameras, entries);
    }
    if (entries.isEmpty()) {
      throw new IllegalArgumentException("no samples: no bag of " + bags + " has messages on the cloud topic " + config.cloudTopic
          + " (data.cloud_topic)");
    }
    return new SampleIndex(fingerprint, bags, files, cameras, entries, skipped.counts(), warnings);
  }

  private static long bagBytes(Path bag) throws IOException {
    long n = 0;
    try (BagReader r = BagReader.open(bag)) {
      for (StorageReader s : r.storages()) n += Files.size(s.file());
    }
    return n;
  }

  /**
   * Every message FILTER accepts, with its place; an MCAP file read through its summary goes on past a damaged chunk
   * (reported with the reader's damage), so one bad chunk in a long recording loses only its own messages.
   */
  private void read(StorageReader storage, int file, MessageFilter filter, BagState state, java.util.function.LongConsumer progress) throws IOException {
    if (!(storage instanceof MessageLocator locator)) throw new IllegalStateException(storage.file() + ": storage cannot locate messages");
    boolean byteOffsets = storage.storageId().equals("mcap");
    try (MessageLocator.LocatedCursor c = locator.salvagingMessages(filter)) {
      long n = 0;
      for (BagMessage m = c.next(); m != null; m = c.next()) {
        state.take(m, file, c.location());
        if (byteOffsets && ++n % 64 == 0) progress.accept(c.location());
      }
    }
  }


  /** The samples of one bag, from what the pass gathered. */
  private void samples(int bagIndex, BagState s, List<SampleIndex.Camera> cameras, List<SampleIndex.Entry> entries) {
    Path bag = s.bag;
    if (s.clouds.isEmpty()) {
      warn(bag + ": no messages on the cloud topic " + config.cloudTopic + " (data.cloud_topic); its topics: " + topicsOf(bag) + "; no samples from it");
      return;
    }
    boolean[] usable = new boolean[config.cameraTopics.size()];
    for (int c = 0; c < usable.length; c++) {
      String topic = config.cameraTopics.get(c);
      if (s.unusableInfo.get(c) != null) {
        warn(bag + ": camera_info on " + infoTopics.get(c) + " at " + s.unusableInfo.get(c) + (s.infos.get(c).isEmpty() ? ": the camera is left out" : ""));
      }
      if (s.images.get(c).isEmpty()) {
        warn(bag + ": no images on the camera topic " + topic + " (data.camera_topics); its topics: " + topicsOf(bag));
      } else if (s.infos.get(c).isEmpty()) {
        if (s.unusableInfo.get(c) == null) {
          warn(bag + ": " + s.images.get(c).size() + " images on " + topic + " but no camera_info on " + infoTopics.get(c) + ": the camera is left out");
        }
        skipped.add("camera without camera_info", bag + ", topic " + topic + ": no usable message on " + infoTopics.get(c));
      } else {
        usable[c] = true;
      }
    }
    int base = cameras.size();
    cameras.addAll(s.calibrations);
    s.clouds.sort(Comparator.comparingLong(c -> c.ref().stampNs()));
    String firstFrame = s.clouds.get(0).frame();
    boolean ego = s.tf.frames().contains(config.odomFrame) && s.tf.frames().contains(firstFrame);
    if (!ego && config.sweeps > 1) {
      warn("no ego poses (" + config.odomFrame + " -> " + firstFrame + ") in " + bag + ": sweeps are stitched without registration");
    }
    for (int k = 0; k < s.clouds.size(); k += config.keyframeEvery) {
      entries.add(entry(bagIndex, s, k, ego, usable, base));
    }
  }

  /** Keyframe K of bag S; its images' calibrations are the bag's, from BASE in the index's camera list. */
  private SampleIndex.Entry entry(int bagIndex, BagState s, int k, boolean ego, boolean[] usable, int base) {
    Cloud key = s.clouds.get(k);
    long keyStamp = key.ref().stampNs();
    List<SampleIndex.Sweep> sweeps = new ArrayList<>();
    sweeps.add(new SampleIndex.Sweep(key.ref(), null));
    boolean labelled = key.labelled();
    for (int i = 1; i < config.sweeps && k - i >= 0; i++) {
      Cloud c = s.clouds.get(k - i);
      if (keyStamp - c.ref().stampNs() > config.sweepWindowS * 1e9) break;
      RigidTransform toKey = null;
      if (ego) {
        try {
          toKey = s.tf.lookup(config.odomFrame, key.frame(), keyStamp).inverse().compose(s.tf.lookup(config.odomFrame, c.frame(), c.ref().stampNs()));
        } catch (RuntimeException e) {
          skipped.add("sweep without ego pose", s.bag + ", topic " + config.cloudTopic + ", sweep at " + c.ref().stampNs() + " ns for the keyframe at "
              + keyStamp + " ns: " + e.getMessage());
          continue;
        }
      }
      sweeps.add(new SampleIndex.Sweep(c.ref(), toKey));
    }
    List<SampleIndex.CameraImage> images = new ArrayList<>();
    for (int c = 0; c < usable.length; c++) {
      if (!usable[c]) continue;
      SampleIndex.MessageRef img = nearest(s.images.get(c), keyStamp, config.imageToleranceS * 1e9);
      if (img == null) continue;
      int calibration = nearestInfo(s.infos.get(c), img.stampNs());
      String cameraFrame = s.calibrations.get(calibration).frameId();
      try {
        RigidTransform cloudToCamera = ego
            ? s.tf.lookup(cameraFrame, config.odomFrame, img.stampNs()).compose(s.tf.lookup(config.odomFrame, key.frame(), keyStamp))
            : s.tf.lookup(cameraFrame, key.frame(), img.stampNs());
        images.add(new SampleIndex.CameraImage(base + calibration, img, cloudToCamera));
      } catch (RuntimeException e) {
        skipped.add("camera image without transform", s.bag + ", topic " + config.cameraTopics.get(c) + ", image at " + img.stampNs()
            + " ns for the keyframe at " + keyStamp + " ns: " + e.getMessage());
      }
    }
    return new SampleIndex.Entry(bagIndex, labelled, sweeps, images);
  }

  /** The topics of BAG that hold messages, for messages about missing ones (reads the bag's counts again). */
  private static Set<String> topicsOf(Path bag) {
    Set<String> out = new TreeSet<>();
    try (BagReader r = BagReader.open(bag)) {
      for (TopicInfo t : r.info().topics()) if (t.messageCount() > 0) out.add(t.name());
    } catch (IOException | RuntimeException e) {
      out.add("(unreadable: " + e.getMessage() + ")");
    }
    return out;
  }

  /** The value whose stamp is nearest STAMP (the earlier on ties), or null when none lies within TOLERANCE_NS. */
  private static <T> T nearest(TreeMap<Long, T> byStamp, long stamp, double toleranceNs) {
    Map.Entry<Long, T> lo = byStamp.floorEntry(stamp);
    Map.Entry<Long, T> hi = byStamp.ceilingEntry(stamp);
    Map.Entry<Long, T> best = lo;
    if (hi != null && (best == null || hi.getKey() - stamp < stamp - best.getKey())) best = hi;
    if (best == null || Math.abs(best.getKey() - stamp) > toleranceNs) return null;
    return best.getValue();
  }

  /** The calibration of the camera_info nearest in time to an image at STAMP (a camera's calibration rarely changes). */
  private static int nearestInfo(TreeMap<Long, Integer> infos, long stamp) {
    return nearest(infos, stamp, Double.POSITIVE_INFINITY);
  }
}
