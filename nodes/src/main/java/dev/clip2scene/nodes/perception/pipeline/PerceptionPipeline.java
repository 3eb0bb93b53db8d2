package dev.clip2scene.nodes.perception.pipeline;

import dev.clip2scene.model.fusion.FeatureFusion;
import dev.clip2scene.model.fusion.FusionMode;
import dev.clip2scene.model.geometry.CameraModel;
import dev.clip2scene.model.geometry.CameraView;
import dev.clip2scene.model.geometry.PointPairing;
import dev.clip2scene.model.geometry.PointPixelPairs;
import dev.clip2scene.model.geometry.RigidTransform;
import dev.clip2scene.model.image.RgbImage;
import dev.clip2scene.model.net.Segmentation;
import dev.clip2scene.model.net.Segmenter;
import dev.clip2scene.model.net.StageTimes;
import dev.clip2scene.model.teacher.PixelFeatures;
import dev.clip2scene.model.teacher.Teacher;
import dev.clip2scene.model.teacher.TeacherKey;
import dev.clip2scene.model.teacher.TeacherOutput;
import dev.clip2scene.model.voxel.PointCloud;
import dev.clip2scene.msgs.MessageTypes;
import dev.clip2scene.msgs.builtin.Time;
import dev.clip2scene.msgs.cdr.CdrReader;
import dev.clip2scene.msgs.clip2scene.VocabularyUpdate;
import dev.clip2scene.msgs.pointcloud.PointCloud2View;
import dev.clip2scene.msgs.pointcloud.SemanticCloudPayload;
import dev.clip2scene.msgs.sensor.Image;
import dev.clip2scene.msgs.std.Header;
import dev.clip2scene.msgs.tf2.TFMessage;
import dev.clip2scene.nodes.tf.TfMessages;
import dev.clip2scene.nodes.tf.TransformBuffer;
import dev.clip2scene.nodes.tf.TransformException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The perception node's work without ROS: a PointCloud2 (CDR) in, a semantic PointCloud2 (the input's header; x, y,
 * z, intensity, label, score, rgb) and label overlays out, through an {@link Output} the caller provides.
 *
 * <p>Per cloud: decode and drop NaN points; transform to the target frame (waiting up to tf_wait_s for a late
 * transform); pair each camera's image nearest in time; project the points into the images due an overlay or a
 * teacher run (occlusion-aware, {@link PointPairing}); compute dense image features of those due fusion (the
 * teacher); voxelize and run the network; merge image labels into the network's ({@link FeatureFusion}); write and
 * publish the semantic cloud; paint and publish the overlays; record every stage's time.
 *
 * <p>A fault costs one cloud only, and is counted by kind: an undecodable cloud (any exception while decoding it,
 * an allocation too large included), a missing transform, any other exception while processing it. Images, camera
 * info, transforms and vocabulary arrive from other threads; {@link #process} runs on one thread at a time. Settings
 * that may change live are replaced between clouds by {@link #update}.
 */
public final class PerceptionPipeline implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PerceptionPipeline.class);
  /** Points nearer to a camera than this do not pair with its pixels (the paper's value). */
  private static final double MIN_DEPTH_M = PointPairing.DEFAULT_MIN_DEPTH;

  /** Where the pipeline's results go (in the node: DDS publishers). */
  public interface Output {
    /** The semantic cloud: the first LENGTH bytes of PAYLOAD (CDR), valid during the call only. */
    void cloud(byte[] payload, int length) throws IOException;

    /** CAMERA's label overlay (rgb8, the camera image's header). */
    void overlay(CameraStream camera, Image overlay) throws IOException;
  }

  /** What became of one cloud. */
  public enum Outcome {
    PUBLISHED,
    /** Skipped: no transform to the target frame within tf_wait_s. */
    NO_TRANSFORM,
    UNDECODABLE,
    /** Any other exception; counted as an inference error. */
    FAILED
  }

  /** The vocabulary with what is derived from it once: colours and, where fusion is possible, its classifier. */
  private record Vocabulary(Classifier classifier, int[] colours, FeatureFusion fusion) {
    static Vocabulary of(Classifier c, boolean fusion) {
      return new Vocabulary(c, c.colours(), fusion ? new FeatureFusion(c.embeddings()) : null);
    }
  }

  private final String cloudSource;
  private final ModelSettings.Loaded model;
  private final ClipWeights clip;
  private final VocabularyEmbedder embedder;
  private final ImageTeacher imageTeacher;
  private final TransformBuffer tf = new TransformBuffer();
  private final NodeStats stats = new NodeStats();
  private final List<CameraStream> cameras = new ArrayList<>();
  private final AtomicBoolean warnedNoIntensity = new AtomicBoolean();
  private volatile PipelineSettings settings;
  private volatile Vocabulary vocabulary;
  // the inference thread's state, reused from cloud to cloud
  private final SemanticCloudPayload output = new SemanticCloudPayload();
  private final PointPixelPairs pairs = new PointPixelPairs();
  private final OverlayPainter painter = new OverlayPainter();
  private PointPairing pairing;
  private int pairingCell;
  private double pairingTolerance;
  private float[] inputBuffer = new float[0];
  private float[] transformedBuffer;
  private Teacher teacher;
  private Vocabulary teacherVocabulary;
  private final ImageLabels imageLabels = new ImageLabels();

  private PerceptionPipeline(PipelineSettings settings, ModelSettings.Loaded model, ClipWeights clip, ImageTeacher imageTeacher,
      String cloudSource) {
    this.cloudSource = cloudSource;
    this.model = model;
    this.clip = clip;
    this.embedder = clip == null ? null : new VocabularyEmbedder(clip);
    this.imageTeacher = imageTeacher;
    this.vocabulary = Vocabulary.of(model.classifier(), imageTeacher != null);
    boolean pixels = settings.overlays() || imageTeacher != null;
    for (String topic : settings.cameraTopics()) cameras.add(new CameraStream(topic, pixels));
    this.settings = checked(settings);
  }

  /**
   * Loads MODEL (read once) and builds the pipeline; CLOUD_SOURCE names the clouds' origin in messages (the topic).
   * With CLIP weights, vocabulary updates are re-embedded and fusion's image features are MaskCLIP's.
   */
  public static PerceptionPipeline open(PipelineSettings settings, ModelSettings model, String cloudSource) {
    ClipWeights clip = model.clipWeights() == null ? null : new ClipWeights(model.clipWeights(), model.clipTokenizer());
    return open(settings, model, clip, clip == null ? null : new MaskClipImageTeacher(clip), cloudSource);
  }

  /** {@link #open(PipelineSettings, ModelSettings, String)} with another source of image features (e.g. tests). */
  public static PerceptionPipeline open(PipelineSettings settings, ModelSettings model, ClipWeights clip, ImageTeacher imageTeacher,
      String cloudSource) {
    ModelSettings.Loaded loaded = model.load();
    try {
      return new PerceptionPipeline(settings, loaded, clip, imageTeacher, cloudSource);
    } catch (RuntimeException e) {
      loaded.close();
      if (clip != null) clip.close();
      throw e;
    }
  }

  private PipelineSettings checked(PipelineSettings s) {
    if (s.fusion() != FusionMode.OFF && imageTeacher == null) {
      throw new IllegalArgumentException("fusion " + s.fusion().value() + " needs image features: set clip_weights to a CLIP "
          + ".safetensors file");
    }
    return s;
  }

  /**
   * Replaces the live settings; takes effect from the next cloud. Throws IllegalArgumentException naming the values
   * that cannot change while running (cameras, overlays) or that the pipeline cannot honour.
   */
  public void update(PipelineSettings next) {
    List<String> fixed = settings.fixedChanges(next);
    if (!fixed.isEmpty()) throw new IllegalArgumentException(String.join(", ", fixed) + " cannot change while the node runs");
    settings = checked(next);
  }

  public PipelineSettings settings() {
    return settings;
  }

  public NodeStats stats() {
    return stats;
  }

  public TransformBuffer transforms() {
    return tf;
  }

  public List<CameraStream> cameras() {
    return List.copyOf(cameras);
  }

  public Classifier classifier() {
    return vocabulary.classifier();
  }

  /** Where inference runs, e.g. "cpu-engine (2 threads)". */
  public String device() {
    return model.segmenter().backend();
  }

  /** Which engine runs the network and why, e.g. "network on cpu-engine (2 threads): no CUDA driver (...)". */
  public String engineLine() {
    return model.segmenter().engineLine();
  }

  /** The network's feature size. */
  public int featureDim() {
    return model.segmenter().config().outputDim();
  }

  /** The image teacher fusion uses, described; empty when none is configured. */
  public Optional<String> imageTeacher() {
    return Optional.ofNullable(imageTeacher).map(ImageTeacher::describe);
  }

  /** Loads the image teacher's weights now (they load on first use otherwise), so that a bad file fails at start. */
  public void warmUpImageTeacher() {
    if (imageTeacher != null) imageTeacher.sizeMultiple();
  }

  /** Adds the edges of a /tf (or, STATIC, /tf_static) message; a backwards time jump is logged. */
  public void addTransforms(TFMessage msg, boolean isStatic) {
    if (TfMessages.addTo(tf, msg, isStatic)) LOG.warn("/tf: time jumped backwards; dynamic transforms cleared");
  }

  /**
   * Re-embeds the classes of UPDATE with CLIP's text tower and makes them the vocabulary; returns the new classifier,
   * or empty when refused (no CLIP weights, or embedding failed: counted, the last problem says why).
   */
  public Optional<Classifier> applyVocabulary(VocabularyUpdate update) {
    if (embedder == null) {
      stats.vocabularyErrors.incrementAndGet();
      stats.problem("vocabulary update refused: no CLIP weights configured");
      LOG.error("vocabulary update with {} classes refused: re-embedding needs CLIP weights; set the parameter clip_weights "
          + "to a CLIP .safetensors file (with its tokenizer beside it or clip_tokenizer)", update.classNames().size());
      return Optional.empty();
    }
    try {
      Classifier c = embedder.embed(update, featureDim());
      vocabulary = Vocabulary.of(c, imageTeacher != null);
      stats.vocabularyUpdates.incrementAndGet();
      LOG.info("vocabulary replaced: {} classes", update.classNames().size());
      return Optional.of(c);
    } catch (RuntimeException e) {
      stats.vocabularyErrors.incrementAndGet();
      stats.problem("vocabulary update failed: " + e.getMessage());
      LOG.error("vocabulary update failed: {}", e.getMessage());
      return Optional.empty();
    }
  }

  /** The pipeline's clock: nanoseconds since the epoch, the clock of receive times. */
  public static long nowNs() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  /**
   * Processes one cloud (CDR of a sensor_msgs/PointCloud2) received at RECEIVE_NS and taken from the input queue at
   * DEQUEUE_NS (epoch ns), handing its results to OUT. Never throws for a fault of the cloud: it is counted, the last
   * problem names it with the cloud's stamp, and the outcome says what happened.
   */
  public Outcome process(byte[] cdr, long receiveNs, long dequeueNs, Output out) {
    PipelineSettings s = settings;
    Vocabulary voc = vocabulary;
    PointCloud2View view;
    CloudInput in;
    try {
      view = PointCloud2View.decode(cdr);
      in = CloudInput.of(view, inputBuffer);
    } catch (RuntimeException | OutOfMemoryError e) { // an allocation sized by a hostile header may fail alone
      stats.badClouds.incrementAndGet();
      failed(cdr, e, "undecodable cloud");
      return Outcome.UNDECODABLE;
    }
    try {
      return run(s, voc, view, in, receiveNs, dequeueNs, out);
    } catch (IOException e) {
      stats.outputErrors.incrementAndGet();
      stats.problem("output of the cloud at " + stampText(in.header()) + ": " + e.getMessage());
      LOG.warn("{}: output failed: {}", cloudSource, e.getMessage());
      return Outcome.FAILED;
    } catch (RuntimeException | OutOfMemoryError e) {
      stats.inferenceErrors.incrementAndGet();
      failed(cdr, e, "cloud dropped");
      return Outcome.FAILED;
    }
  }

  private void failed(byte[] cdr, Throwable e, String what) {
    String stamp = stampOf(cdr);
    stats.problem(cloudSource + " cloud at " + stamp + ": " + e);
    LOG.warn("{}: {} (stamp {}): {}", cloudSource, what, stamp, e.toString());
  }

  /** The header stamp of a PointCloud2's CDR as text, or "unknown" when even the header does not decode. */
  private static String stampOf(byte[] cdr) {
    try {
      return stampText(Header.CDR.read(CdrReader.of(cdr, MessageTypes.POINT_CLOUD2.name())));
    } catch (RuntimeException e) {
      return "unknown";
    }
  }

  private static String stampText(Header h) {
    return String.format(java.util.Locale.ROOT, "%d.%09d s", h.stamp().sec(), Integer.toUnsignedLong(h.stamp().nanosec()));
  }

  private Outcome run(PipelineSettings s, Vocabulary voc, PointCloud2View view, CloudInput in, long receiveNs, long dequeueNs,
      Output out) throws IOException {
    inputBuffer = in.xyzi();
    Header header = in.header();
    long stamp = header.stamp().toNanos();
    if (tf.observeTime(stamp)) {
      cameras.forEach(CameraStream::clear);
      LOG.warn("{}: time jumped backwards to {} (a looping bag?): tf buffer and camera history cleared", cloudSource, header.stamp());
    }
    long decoded = nowNs();
    if (in.nonFinite() > 0) stats.nonFinitePoints.addAndGet(in.nonFinite());
    if (!in.hasIntensity()) {
      stats.cloudsWithoutIntensity.incrementAndGet();
      if (warnedNoIntensity.compareAndSet(false, true)) {
        LOG.warn("{}: clouds have no intensity field (fields: {}); the network gets intensity 0", cloudSource,
            view.fields().stream().map(f -> f.name()).toList());
      }
    }
    float[] networkInput;
    if (!s.targetFrame().isEmpty()) {
      Optional<RigidTransform> toTarget = lookupWaiting(s, header.frameId(), stamp);
      if (toTarget.isEmpty()) return Outcome.NO_TRANSFORM;
      networkInput = transformedBuffer = in.transformed(toTarget.get(), transformedBuffer);
    } else {
      networkInput = in.points();
    }
    List<DueCamera> due = project(s, in, stamp);
    long paired = nowNs();
    boolean fusing = imageLabels.compute(s, voc, due, in.count(), stamp);
    long inferenceStart = nowNs();
    Segmenter seg = model.segmenter();
    PointCloud cloud = new PointCloud(networkInput, 4);
    Segmentation result = fusing
        ? seg.segment(cloud, voc.classifier().embeddings(), imageLabels.points, imageLabels.count, imageLabels::pointFeature)
        : seg.segment(cloud, voc.classifier().embeddings());
    long inferenceEnd = nowNs();
    StageTimes stages = seg.lastTimes(); // the voxelization's end, on this clock
    long voxelized = Math.min(inferenceEnd, inferenceStart + stages.uploadNs() + stages.voxelizeNs());
    int[] labels = result.labels();
    float[] scores = result.scores();
    if (fusing) imageLabels.merge(s.fusion(), due, labels, scores);
    long fused = nowNs();
    writeOutput(header, in, labels, scores, voc);
    long built = nowNs();
    int length = output.finish();
    long encoded = nowNs();
    out.cloud(output.buffer(), length);
    long published = nowNs();
    overlays(s, voc, due, labels, stamp, out);
    stats.record(new CloudTiming(stamp, receiveNs, dequeueNs, decoded, paired, inferenceStart, voxelized, inferenceEnd, fused,
        built, encoded, published, nowNs(), view.size()));
    return Outcome.PUBLISHED;
  }

  /** TARGET <- SOURCE at STAMP, waiting up to tf_wait_s for late transforms; empty (counted, logged) when none. */
  private Optional<RigidTransform> lookupWaiting(PipelineSettings s, String source, long stamp) {
    try {
      return Optional.of(tf.lookup(s.targetFrame(), source, stamp, Duration.ofNanos(s.tfWaitNs())));
    } catch (TransformException | IllegalArgumentException e) {
      stats.tfFailures.incrementAndGet();
      stats.problem("tf " + source + " -> " + s.targetFrame() + ": " + e.getMessage());
      LOG.warn("{}: cloud at {} skipped: no transform {} -> {}: {}", cloudSource, Time.ofNanos(stamp), source, s.targetFrame(),
          e.getMessage());
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** A camera whose paired image gets an overlay or a teacher run with this cloud; INDEX is its view in the pairs. */
  private record DueCamera(CameraStream camera, CameraStream.Frame frame, CameraModel model, int index, boolean overlay,
      boolean fusion) {}

  private static boolean due(long last, long stamp, long periodNs) {
    return last == Long.MIN_VALUE || stamp < last || stamp - last >= periodNs;
  }

  /**
   * Pairs the cloud with each camera's nearest image and projects it (occlusion-aware) into the images due an overlay
   * or a teacher run; the pairs land in {@link #pairs}.
   */
  private List<DueCamera> project(PipelineSettings s, CloudInput in, long stamp) {
    List<DueCamera> due = new ArrayList<>();
    List<CameraView> views = new ArrayList<>();
    boolean fusion = s.fusion() != FusionMode.OFF;
    for (CameraStream cam : cameras) {
      Optional<CameraStream.Frame> image = cam.pair(stamp, s.pairingToleranceNs());
      if (image.isEmpty()) continue;
      boolean overlay = s.overlays() && due(cam.lastOverlayNs, stamp, s.overlayPeriodNs());
      boolean teacher = fusion && due(cam.lastFusionNs, stamp, s.fusionPeriodNs());
      if (!overlay && !teacher) continue;
      Optional<CameraModel> camera = cam.model();
      if (camera.isEmpty()) continue; // no CameraInfo yet: the camera's status says so
      CameraStream.Frame f = image.get();
      String optical = cam.opticalFrame(f);
      try {
        RigidTransform toCamera = tf.lookup(optical, in.header().frameId(), f.stampNs());
        views.add(new CameraView(camera.get(), toCamera));
        due.add(new DueCamera(cam, f, camera.get(), views.size() - 1, overlay, teacher));
      } catch (TransformException | IllegalArgumentException e) {
        cam.failures.incrementAndGet();
        stats.problem("camera " + cam.imageTopic() + ": " + e.getMessage());
      }
    }
    if (pairing == null || pairingCell != s.occlusionCellPx() || pairingTolerance != s.occlusionToleranceM()) {
      pairing = new PointPairing(MIN_DEPTH_M, s.occlusionToleranceM(), s.occlusionCellPx());
      pairingCell = s.occlusionCellPx();
      pairingTolerance = s.occlusionToleranceM();
    }
    pairing.pair(in.xyzi(), 4, in.count(), views, pairs);
    int[] visible = new int[views.size()];
    for (int j = 0; j < pairs.size(); j++) visible[pairs.camera(j)]++;
    for (DueCamera d : due) d.camera().pointsInView.addAndGet(visible[d.index()]);
    return due;
  }

  /**
   * The image side of fusion for one cloud: each due camera's dense features (the teacher), sampled under its visible
   * points and classified; where several cameras see a point, the most confident view counts. Then, given the network's
   * features of the same points, which labels the images replace.
   */
  private final class ImageLabels {
    int[] points = new int[0];
    int count;
    private int[] slotOf = new int[0];
    private int[] imageClass = new int[0];
    private float[] imageScore = new float[0];
    private double[] imageCos = new double[0];
    private double[] pointCos = new double[0];
    private boolean[] takeImage = new boolean[0];
    private int[] view = new int[0];
    private FeatureFusion fusion;
    private float[] sample = new float[0];

    /** Runs the teacher for the due cameras; false when no image took part (no fusion this cloud). */
    boolean compute(PipelineSettings s, Vocabulary voc, List<DueCamera> due, int cloudPoints, long stamp) {
      count = 0;
      if (due.stream().noneMatch(DueCamera::fusion)) return false;
      fusion = voc.fusion();
      if (slotOf.length < cloudPoints) slotOf = new int[cloudPoints];
      Arrays.fill(slotOf, 0, cloudPoints, -1);
      int dim = fusion.dim();
      if (sample.length != dim) sample = new float[dim];
      Teacher t;
      try {
        t = teacher(voc);
      } catch (RuntimeException e) {
        for (DueCamera d : due) if (d.fusion()) d.camera().failures.incrementAndGet();
        stats.problem("fusion: " + e.getMessage());
        LOG.warn("fusion: no image teacher: {}", e.toString());
        return false;
      }
      for (DueCamera d : due) {
        if (!d.fusion()) continue;
        CameraStream cam = d.camera();
        cam.lastFusionNs = stamp;
        long t0 = System.nanoTime();
        PixelFeatures features;
        TeacherKey.Crop crop;
        try {
          RgbImage image = cam.pixels(d.frame(), d.model());
          crop = teacherInput(image.width(), image.height(), s.fusionImageHeight(), imageTeacher.sizeMultiple());
          TeacherOutput o = t.output(new TeacherKey(cloudSource, cam.imageTopic(), d.frame().stampNs(), t.weightsHash(), crop), () -> image);
          features = o.features();
          if (features == null) throw new IllegalStateException(imageTeacher.describe() + " gives no image features");
          if (features.dim() != dim) {
            throw new IllegalArgumentException("image features have " + features.dim() + " dims, the vocabulary " + dim);
          }
        } catch (RuntimeException e) {
          cam.failures.incrementAndGet();
          stats.problem("fusion, camera " + cam.imageTopic() + ": " + e.getMessage());
          LOG.warn("fusion: camera {}: {}", cam.imageTopic(), e.toString());
          continue;
        }
        float[] uv = new float[2];
        for (int j = 0; j < pairs.size(); j++) {
          if (pairs.camera(j) != d.index() || !crop.map(pairs.u(j), pairs.v(j), uv)) continue;
          features.sample(uv[0], uv[1], crop.outWidth(), crop.outHeight(), sample, 0);
          int c = fusion.classify(sample, 0);
          if (c < 0) continue;
          int p = pairs.point(j);
          int slot = slotOf[p];
          if (slot < 0) {
            slot = newSlot(p);
          } else if (fusion.cosine() <= imageCos[slot]) {
            continue;
          }
          imageClass[slot] = c;
          imageCos[slot] = fusion.cosine();
          imageScore[slot] = fusion.score();
          view[slot] = d.index();
        }
        cam.fused.incrementAndGet();
        cam.recordFusion((System.nanoTime() - t0) / 1e6);
      }
      return count > 0;
    }

    private int newSlot(int point) {
      if (count == points.length) {
        int cap = Math.max(1024, count * 2);
        points = Arrays.copyOf(points, cap);
        imageClass = Arrays.copyOf(imageClass, cap);
        imageScore = Arrays.copyOf(imageScore, cap);
        imageCos = Arrays.copyOf(imageCos, cap);
        pointCos = Arrays.copyOf(pointCos, cap);
        takeImage = new boolean[cap];
        view = Arrays.copyOf(view, cap);
      }
      points[count] = point;
      pointCos[count] = Double.NEGATIVE_INFINITY;
      slotOf[point] = count;
      return count++;
    }

    /** The network's feature of the point in slot J (called by the segmenter). */
    void pointFeature(int j, float[] values, int offset) {
      fusion.classify(values, offset);
      pointCos[j] = fusion.cosine();
    }

    /** Replaces the labels (and scores) that the image wins under MODE ({@link FeatureFusion#choose}); counts per camera. */
    void merge(FusionMode mode, List<DueCamera> due, int[] labels, float[] scores) {
      long[] won = new long[due.size()]; // views are numbered as the due cameras
      fusion.choose(mode, imageCos, pointCos, count, takeImage);
      for (int j = 0; j < count; j++) {
        int p = points[j];
        if (labels[p] < 0) continue; // outside the crop box: stays unlabelled
        if (!takeImage[j]) continue;
        labels[p] = imageClass[j];
        scores[p] = imageScore[j];
        won[view[j]]++;
      }
      for (DueCamera d : due) if (d.fusion()) d.camera().pointsFused.addAndGet(won[d.index()]);
    }
  }

  /** The teacher of the current vocabulary, made once per vocabulary. */
  private Teacher teacher(Vocabulary voc) {
    if (teacher == null || teacherVocabulary != voc) {
      teacher = imageTeacher.forVocabulary(voc.classifier().embeddings());
      teacherVocabulary = voc;
    }
    return teacher;
  }

  /** The whole image resized to HEIGHT (and the width keeping its aspect), both rounded to multiples of MULTIPLE. */
  static TeacherKey.Crop teacherInput(int width, int height, int targetHeight, int multiple) {
    int h = Math.max(multiple, Math.round((float) targetHeight / multiple) * multiple);
    int w = Math.max(multiple, Math.round((float) width * h / height / multiple) * multiple);
    return new TeacherKey.Crop(0, 0, width, height, w, h, false);
  }

  /** Writes the semantic cloud (input points with label, score, colour) into the reused output payload. */
  private void writeOutput(Header header, CloudInput in, int[] labels, float[] scores, Vocabulary voc) {
    output.start(header, in.count());
    float[] p = in.xyzi();
    int[] colours = voc.colours();
    int unlabelledRgb = voc.classifier().rgb(Classifier.UNLABELLED);
    for (int i = 0, s = 0; i < in.count(); i++, s += 4) {
      int label = labels[i];
      if (label < 0) {
        output.add(p[s], p[s + 1], p[s + 2], p[s + 3], Classifier.UNLABELLED, scores[i], unlabelledRgb);
      } else {
        output.add(p[s], p[s + 1], p[s + 2], p[s + 3], label, scores[i], colours[label]);
      }
    }
  }

  /** Paints and hands out the overlays of the cameras due one. */
  private void overlays(PipelineSettings s, Vocabulary voc, List<DueCamera> due, int[] labels, long stamp, Output out) throws IOException {
    for (DueCamera d : due) {
      if (!d.overlay()) continue;
      CameraStream cam = d.camera();
      cam.lastOverlayNs = stamp;
      long t0 = System.nanoTime();
      Image overlay;
      try {
        RgbImage image = cam.pixels(d.frame(), d.model());
        overlay = painter.paint(d.frame().header(), image, pairs, d.index(), labels, voc.colours(), s.overlayPointSize());
      } catch (RuntimeException e) {
        cam.failures.incrementAndGet();
        stats.problem("overlay, camera " + cam.imageTopic() + ": " + e.getMessage());
        LOG.warn("overlay: camera {}: {}", cam.imageTopic(), e.toString());
        continue;
      }
      out.overlay(cam, overlay);
      cam.overlays.incrementAndGet();
      cam.recordOverlay((System.nanoTime() - t0) / 1e6);
    }
  }

  /** Frees the network, its weights and CLIP; call once the thread that runs {@link #process} has stopped. */
  @Override
  public void close() {
    model.close();
    if (clip != null) clip.close();
  }
}
