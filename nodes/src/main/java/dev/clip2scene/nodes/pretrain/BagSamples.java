package dev.clip2scene.nodes.pretrain;

import dev.clip2scene.model.geometry.CameraCalibration;
import dev.clip2scene.model.geometry.CameraModel;
import dev.clip2scene.model.geometry.RigidTransform;
import dev.clip2scene.model.image.RgbImage;
import dev.clip2scene.msgs.MessageTypes;
import dev.clip2scene.msgs.pointcloud.PointCloud2View;
import dev.clip2scene.msgs.pointcloud.PointFieldReader;
import dev.clip2scene.msgs.sensor.CameraInfo;
import dev.clip2scene.msgs.tf2.TFMessage;
import dev.clip2scene.nodes.bag.BagMessage;
import dev.clip2scene.nodes.bag.BagReader;
import dev.clip2scene.nodes.bag.MessageCursor;
import dev.clip2scene.nodes.bag.MessageFilter;
import dev.clip2scene.nodes.image.ImageDecoder;
import dev.clip2scene.nodes.tf.TfMessages;
import dev.clip2scene.nodes.tf.TransformBuffer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Assembles training samples from a bag (METHOD.md, inputs per sample): every n-th cloud is a keyframe; up to
 * sweeps - 1 earlier clouds within the sweep window are registered into it through the ego poses on /tf (the
 * fixed frame -> cloud frame at each stamp; identity, with a warning, when the bag has no such poses); each camera
 * contributes its image nearest in time within the tolerance, with the cloud -> camera transform at the image stamp.
 * Points closer than the minimum range are dropped.
 *
 * <p>The bag's clouds and images are held in memory as their CDR bytes (images are decoded on demand).
 */
public final class BagSamples {
  private final PretrainConfig.Data config;
  private final Consumer<String> warnings;

  public BagSamples(PretrainConfig.Data config, Consumer<String> warnings) {
    this.config = config;
    this.warnings = warnings;
  }

  private record Stamped(long stampNs, byte[] cdr, String type) {}

  public List<Sample> read(Path bag) throws IOException {
    List<String> infoTopics = infoTopics();
    Set<String> topics = new HashSet<>(List.of(config.cloudTopic, "/tf", "/tf_static"));
    topics.addAll(config.cameraTopics);
    topics.addAll(infoTopics);
    TransformBuffer tf = new TransformBuffer(Duration.ofDays(365), Duration.ofDays(365));
    List<Stamped> clouds = new ArrayList<>();
    List<TreeMap<Long, Stamped>> images = new ArrayList<>();
    for (int c = 0; c < config.cameraTopics.size(); c++) images.add(new TreeMap<>());
    CameraInfo[] infos = new CameraInfo[config.cameraTopics.size()];
    try (BagReader reader = BagReader.open(bag); MessageCursor cur = reader.messages(MessageFilter.ofTopics(topics))) {
      for (BagMessage m = cur.next(); m != null; m = cur.next()) {
        String t = m.topic();
        if (t.equals(config.cloudTopic)) {
          long stamp = PointCloud2View.decode(m.data()).header().stamp().toNanos();
          clouds.add(new Stamped(stamp, m.data(), m.type()));
        } else if (t.equals("/tf") || t.equals("/tf_static")) {
          TfMessages.addTo(tf, MessageTypes.TF_MESSAGE.decode(m.data()), t.equals("/tf_static"));
        } else {
          int cam = config.cameraTopics.indexOf(t);
          if (cam >= 0) {
            images.get(cam).put(imageStamp(m), new Stamped(imageStamp(m), m.data(), m.type()));
          }
          int info = infoTopics.indexOf(t);
          if (info >= 0 && infos[info] == null) infos[info] = MessageTypes.CAMERA_INFO.decode(m.data());
        }
      }
    }
    if (clouds.isEmpty()) throw new IllegalArgumentException(bag + ": no messages on cloud topic " + config.cloudTopic);
    clouds.sort((a, b) -> Long.compare(a.stampNs(), b.stampNs()));
    for (int c = 0; c < infos.length; c++) {
      if (!images.get(c).isEmpty() && infos[c] == null) {
        throw new IllegalArgumentException(bag + ": images on " + config.cameraTopics.get(c) + " but no camera_info on " + infoTopics.get(c));
      }
    }
    String cloudFrame = PointCloud2View.decode(clouds.get(0).cdr()).header().frameId();
    boolean ego = tf.frames().contains(config.odomFrame) && tf.frames().contains(cloudFrame);
    if (!ego && config.sweeps > 1) {
      warnings.accept("no ego poses (" + config.odomFrame + " -> " + cloudFrame + ") in " + bag + ": sweeps are stitched without registration");
    }
    String source = bag.toAbsolutePath().normalize().toString();
    List<Sample> samples = new ArrayList<>();
    for (int k = 0; k < clouds.size(); k += config.keyframeEvery) {
      samples.add(sample(source, clouds, k, cloudFrame, ego, tf, images, infos));
    }
    return samples;
  }

  private Sample sample(String source, List<Stamped> clouds, int k, String cloudFrame, boolean ego, TransformBuffer tf,
      List<TreeMap<Long, Stamped>> images, CameraInfo[] infos) {
    long key = clouds.get(k).stampNs();
    List<float[]> parts = new ArrayList<>();
    List<int[]> labels = new ArrayList<>();
    boolean anyLabels = false;
    int keyPoints = 0;
    for (int s = 0; s < config.sweeps && k - s >= 0; s++) {
      Stamped c = clouds.get(k - s);
      if (key - c.stampNs() > config.sweepWindowS * 1e9) break;
      PointCloud2View view = PointCloud2View.decode(c.cdr());
      float[] xyzi = view.xyzi();
      Optional<PointFieldReader> lf = view.field(config.labelField);
      int[] lab = null;
      if (lf.isPresent()) {
        lab = new int[view.size()];
        for (int i = 0; i < lab.length; i++) lab[i] = (int) lf.get().getLong(i);
        anyLabels = true;
      }
      int kept = dropNear(xyzi, lab);
      float[] pts = java.util.Arrays.copyOf(xyzi, kept * Sample.STRIDE);
      if (s > 0 && ego) {
        RigidTransform toKey = tf.lookup(config.odomFrame, cloudFrame, key).inverse().compose(tf.lookup(config.odomFrame, cloudFrame, c.stampNs()));
        float[] xyz = new float[kept * 3];
        toKey.apply(pts, Sample.STRIDE, kept, xyz);
        for (int i = 0; i < kept; i++) System.arraycopy(xyz, i * 3, pts, i * 4, 3);
      }
      if (s == 0) keyPoints = kept;
      parts.add(pts);
      labels.add(lab == null ? null : java.util.Arrays.copyOf(lab, kept));
    }
    int total = parts.stream().mapToInt(p -> p.length).sum();
    float[] points = new float[total];
    int[] gt = anyLabels ? new int[total / Sample.STRIDE] : null;
    int o = 0;
    for (int p = 0; p < parts.size(); p++) {
      System.arraycopy(parts.get(p), 0, points, o, parts.get(p).length);
      if (gt != null) {
        int[] l = labels.get(p);
        for (int i = 0; i < parts.get(p).length / Sample.STRIDE; i++) gt[o / Sample.STRIDE + i] = l == null ? Sample.IGNORE_LABEL : l[i];
      }
      o += parts.get(p).length;
    }
    List<CameraFrame> cameras = new ArrayList<>();
    for (int c = 0; c < images.size(); c++) {
      Stamped img = nearest(images.get(c), key);
      if (img == null) continue;
      CameraInfo info = infos[c];
      String cameraFrame = info.header().frameId();
      RigidTransform cloudToCamera = ego
          ? tf.lookup(cameraFrame, config.odomFrame, img.stampNs()).compose(tf.lookup(config.odomFrame, cloudFrame, key))
          : tf.lookup(cameraFrame, cloudFrame, img.stampNs());
      CameraModel model = new CameraModel(new CameraCalibration(info.width(), info.height(), info.distortionModel(), info.d(), info.k(), info.r(), info.p()));
      Stamped chosen = img;
      cameras.add(new CameraFrame(config.cameraTopics.get(c), img.stampNs(), model, cloudToCamera, () -> decode(chosen)));
    }
    return new Sample(source, key, points, keyPoints, gt, cameras);
  }

  /** Compacts XYZI (and LABELS) in place to the points at least the minimum range from the sensor; returns how many. */
  private int dropNear(float[] xyzi, int[] labels) {
    double min2 = config.minRangeM * config.minRangeM;
    int n = xyzi.length / Sample.STRIDE;
    int kept = 0;
    for (int i = 0; i < n; i++) {
      float x = xyzi[i * 4], y = xyzi[i * 4 + 1], z = xyzi[i * 4 + 2];
      if ((double) x * x + (double) y * y + (double) z * z < min2) continue;
      System.arraycopy(xyzi, i * 4, xyzi, kept * 4, 4);
      if (labels != null) labels[kept] = labels[i];
      kept++;
    }
    return kept;
  }

  private Stamped nearest(TreeMap<Long, Stamped> images, long stamp) {
    var lo = images.floorEntry(stamp);
    var hi = images.ceilingEntry(stamp);
    Stamped best = null;
    if (lo != null) best = lo.getValue();
    if (hi != null && (best == null || hi.getKey() - stamp < stamp - best.stampNs())) best = hi.getValue();
    if (best == null || Math.abs(best.stampNs() - stamp) > config.imageToleranceS * 1e9) return null;
    return best;
  }

  private static RgbImage decode(Stamped s) {
    return s.type().equals(MessageTypes.COMPRESSED_IMAGE.name())
        ? ImageDecoder.decode(MessageTypes.COMPRESSED_IMAGE.decode(s.cdr()))
        : ImageDecoder.decode(MessageTypes.IMAGE.decode(s.cdr()));
  }

  private static long imageStamp(BagMessage m) {
    return m.type().equals(MessageTypes.COMPRESSED_IMAGE.name())
        ? MessageTypes.COMPRESSED_IMAGE.decode(m.data()).header().stamp().toNanos()
        : MessageTypes.IMAGE.decode(m.data()).header().stamp().toNanos();
  }

  private List<String> infoTopics() {
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
}
