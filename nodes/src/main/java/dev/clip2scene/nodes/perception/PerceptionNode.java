package dev.clip2scene.nodes.perception;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.clip2scene.model.geometry.CameraModel;
import dev.clip2scene.model.geometry.Projection;
import dev.clip2scene.model.geometry.RigidTransform;
import dev.clip2scene.model.infer.device.Inference;
import dev.clip2scene.model.net.ModelFolder;
import dev.clip2scene.model.net.Segmentation;
import dev.clip2scene.model.net.Segmenter;
import dev.clip2scene.model.net.SparseNetwork;
import dev.clip2scene.model.sparse.Weights;
import dev.clip2scene.model.voxel.PointCloud;
import dev.clip2scene.msgs.MessageTypes;
import dev.clip2scene.msgs.builtin.Time;
import dev.clip2scene.msgs.cdr.CdrException;
import dev.clip2scene.msgs.cdr.CdrReader;
import dev.clip2scene.msgs.pointcloud.PointCloud2View;
import dev.clip2scene.msgs.pointcloud.SemanticCloudPayload;
import dev.clip2scene.msgs.std.Header;
import dev.clip2scene.nodes.calibration.Rig;
import dev.clip2scene.nodes.calibration.StaticExtrinsics;
import dev.clip2scene.nodes.tf.StampedTransform;
import dev.clip2scene.nodes.tf.TfMessages;
import dev.clip2scene.nodes.tf.TransformBuffer;
import dev.clip2scene.nodes.tf.TransformException;
import dev.clip2scene.nodes.transport.DdsParticipant;
import dev.clip2scene.nodes.transport.Qos;
import dev.clip2scene.nodes.transport.RawPublisher;
import dev.clip2scene.nodes.transport.RawSubscriber;
import dev.clip2scene.nodes.transport.ReceivedSample;
import dev.clip2scene.nodes.transport.TransportOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The online perception node: PointCloud2 in, semantic PointCloud2 (same header; x, y, z, intensity, label, score,
 * rgb) out, with the LabelMap (transient local) and diagnostics beside it.
 *
 * <p>Threads: DDS listener threads only copy samples into bounded keep-latest queues; one {@link Pump} thread per
 * input topic: those of /tf, /tf_static, cameras and vocabulary feed the tf buffer, camera streams and classifier;
 * the cloud topic's (the inference thread) takes the newest cloud, filters NaN points, looks up the target frame, pairs cameras, runs the network and publishes;
 * a timer publishes diagnostics. A fault on one cloud (bad bytes, missing tf) costs that cloud only.
 */
public final class PerceptionNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PerceptionNode.class);
  private static final Qos LABEL_MAP_QOS = new Qos(Qos.Reliability.RELIABLE, Qos.Durability.TRANSIENT_LOCAL, 1);
  private static final Qos VOCABULARY_QOS = Qos.outputs(10);
  private static final String CLOUD_TYPE = MessageTypes.POINT_CLOUD2.name();
  private static final String TF_TYPE = MessageTypes.TF_MESSAGE.name();

  private final PerceptionSettings settings;
  private final Segmenter segmenter;
  private final NDManager randomWeights;
  private final VocabularyEmbedder embedder;
  private volatile Classifier classifier;
  private final TransformBuffer tf = new TransformBuffer();
  private final NodeStats stats = new NodeStats();
  private final List<CameraStream> cameras = new ArrayList<>();
  private final List<Pump> pumps = new ArrayList<>();
  private final DdsParticipant dds;
  private final RawSubscriber clouds;
  private final RawSubscriber tfStatic;
  private final RawPublisher semantic;
  private final RawPublisher labelMap;
  private final RawPublisher diagnostics;
  private final DiagnosticsReport report;
  private final ScheduledExecutorService timer;
  private final Pump inference;
  private final AtomicBoolean open = new AtomicBoolean(true);
  private final AtomicBoolean warnedNoIntensity = new AtomicBoolean();
  private RawPublisher calibrationTf;
  // the inference thread's buffers, reused from cloud to cloud (sized by the largest cloud so far)
  private final SemanticCloudPayload output = new SemanticCloudPayload();
  private float[] inputBuffer = new float[0];

  private PerceptionNode(PerceptionSettings s, TransportOptions transport, Segmenter segmenter, NDManager randomWeights,
      Classifier classifier) throws IOException {
    this.settings = s;
    this.segmenter = segmenter;
    this.randomWeights = randomWeights;
    this.classifier = classifier;
    this.embedder = s.clipWeights().isEmpty() ? null
        : new VocabularyEmbedder(Path.of(s.clipWeights()), s.clipTokenizer().isEmpty() ? null : Path.of(s.clipTokenizer()));
    this.report = new DiagnosticsReport(s.nodeName());
    this.dds = new DdsParticipant(s.nodeName(), transport.withMaxSampleBytes(s.maxSampleBytes()).withLoopbackOnly(
        transport.loopbackOnly() || s.loopbackOnly()));
    try {
      // a semantic cloud is megabytes: sent by a DDS thread, not the inference thread
      semantic = dds.asyncPublisher(s.outputTopic(), CLOUD_TYPE, Qos.outputs(s.outputQosDepth()));
      labelMap = dds.publisher(s.labelMapTopic(), MessageTypes.LABEL_MAP.name(), LABEL_MAP_QOS);
      diagnostics = dds.publisher(s.diagnosticsTopic(), MessageTypes.DIAGNOSTIC_ARRAY.name(), Qos.outputs(s.outputQosDepth()));
      publishLabelMap();
      RawSubscriber tfDynamic = dds.subscriber("/tf", TF_TYPE, Qos.TF, 256);
      tfStatic = dds.subscriber("/tf_static", TF_TYPE, Qos.TF_STATIC, 64);
      pumps.add(new Pump(tfDynamic, smp -> onTf(smp, false), stats.badTf::incrementAndGet));
      pumps.add(new Pump(tfStatic, smp -> onTf(smp, true), stats.badTf::incrementAndGet));
      for (String topic : s.cameraTopics()) {
        CameraStream cam = new CameraStream(topic);
        cameras.add(cam);
        String type = cam.compressed() ? MessageTypes.COMPRESSED_IMAGE.name() : MessageTypes.IMAGE.name();
        pumps.add(new Pump(dds.subscriber(topic, type, Qos.SENSOR_DATA, 4),
            smp -> cam.addImage(imageHeader(smp, type), smp.receiveTimeNanos()), () -> { }));
        pumps.add(new Pump(dds.subscriber(cam.infoTopic(), MessageTypes.CAMERA_INFO.name(), Qos.SENSOR_DATA, 2),
            smp -> cam.setInfo(MessageTypes.CAMERA_INFO.decode(smp.cdr())), cam.badInfo::incrementAndGet));
      }
      pumps.add(new Pump(dds.subscriber(s.vocabularyTopic(), MessageTypes.VOCABULARY_UPDATE.name(), VOCABULARY_QOS, 4),
          this::onVocabulary, stats.vocabularyErrors::incrementAndGet));
      Qos cloudQos = s.reliableClouds() ? new Qos(Qos.Reliability.RELIABLE, Qos.Durability.VOLATILE, Qos.SENSOR_DATA.depth()) : Qos.SENSOR_DATA;
      clouds = dds.subscriber(s.cloudTopic(), CLOUD_TYPE, cloudQos, s.queueDepth());
    } catch (IOException | RuntimeException e) {
      closePumps();
      dds.close();
      throw e;
    }
    timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "perception-timer");
      t.setDaemon(true);
      return t;
    });
    long periodMs = Math.max(1, Math.round(s.diagnosticsPeriodS() * 1000));
    timer.scheduleAtFixedRate(this::publishDiagnostics, periodMs, periodMs, TimeUnit.MILLISECONDS);
    if (!s.calibration().isEmpty() && !s.publishCalibration().equals("never")) {
      long waitMs = s.publishCalibration().equals("always") ? 0 : Math.round(s.calibrationWaitS() * 1000);
      timer.schedule(this::publishCalibrationIfNeeded, waitMs, TimeUnit.MILLISECONDS);
    }
    inference = new Pump(clouds, this::onCloud, () -> { });
  }

  /** Loads the network and vocabulary SETTINGS name, joins the DDS domain and starts processing. */
  public static PerceptionNode start(PerceptionSettings s, TransportOptions transport) throws IOException {
    Segmenter seg;
    Classifier cls = null;
    NDManager weights = null;
    Path folder = s.modelFolder();
    if (folder != null) {
      seg = Inference.open(folder, s.cropBox(), s.deviceChoice());
    } else {
      weights = NDManager.newBaseManager();
      try {
        seg = Inference.open(SparseNetwork.create(s.randomNetwork(), new Weights(weights, DataType.FLOAT32, s.seed())), s.cropBox(),
            s.deviceChoice());
      } catch (RuntimeException e) {
        weights.close();
        throw e;
      }
    }
    try {
      if (folder != null && s.textEmbeddings().isEmpty()) {
        ModelFolder.Contents c = ModelFolder.read(folder);
        if (c.text() != null) cls = Classifier.fromModel(c.text(), folder, seg.config().outputDim());
      }
      int dim = seg.config().outputDim();
      if (cls == null) {
        cls = !s.textEmbeddings().isEmpty() ? Classifier.fromEmbedFolder(Path.of(s.textEmbeddings()), dim)
            : Classifier.random(s.vocabulary(), dim, s.seed());
      }
      LOG.info("{}: {} network{}, vocabulary: {} ({} classes); {} -> {}", s.nodeName(), seg.config().architecture(),
          folder == null ? " with random weights" : " from " + folder, cls.source(), cls.embeddings().classes(),
          s.cloudTopic(), s.outputTopic());
      LOG.info("{}: {}", s.nodeName(), seg.engineLine());
      return new PerceptionNode(s, transport, seg, weights, cls);
    } catch (IOException | RuntimeException e) {
      seg.close();
      if (weights != null) weights.close();
      throw e;
    }
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
    return classifier;
  }

  /** Which engine runs the network and why, e.g. "network on cpu-engine (2 threads): no CUDA driver (...)". */
  public String engineLine() {
    return segmenter.engineLine();
  }

  /** Writers on the cloud topic this node has matched. */
  public long matchedCloudPublishers() {
    return clouds.matchedWriters();
  }

  /** Clouds taken from DDS so far. */
  public long cloudsReceived() {
    return clouds.received();
  }

  /** Samples on the cloud topic that never arrived (oversized, or lost on the way). */
  public long cloudsLost() {
    return clouds.lost();
  }

  /** Clouds dropped from the keep-latest queue because inference fell behind. */
  public long cloudsDroppedStale() {
    return clouds.droppedStale();
  }

  static long nowNs() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  /** The inference thread's handler: a fault costs this cloud only, and is counted by kind. */
  private void onCloud(ReceivedSample smp) {
    try {
      process(smp, nowNs());
    } catch (CdrException e) { // PointCloudFormatException included
      stats.badClouds.incrementAndGet();
      dropped(smp, e);
    } catch (RuntimeException e) {
      stats.inferenceErrors.incrementAndGet();
      dropped(smp, e);
    } catch (IOException e) {
      stats.problem(settings.outputTopic() + ": " + e.getMessage());
      LOG.warn("{}: publish failed: {}", settings.outputTopic(), e.getMessage());
    }
  }

  private void dropped(ReceivedSample smp, RuntimeException e) {
    stats.problem(smp.topic() + ": " + e.getMessage());
    LOG.warn("{}: cloud dropped: {}", smp.topic(), e.toString());
  }

  private void process(ReceivedSample smp, long dequeueNs) throws IOException {
    PointCloud2View view = PointCloud2View.decode(smp.cdr());
    Header header = view.header();
    long stamp = header.stamp().toNanos();
    if (tf.observeTime(stamp)) {
      cameras.forEach(CameraStream::clear);
      LOG.warn("{}: time jumped backwards to {} (a looping bag?): tf buffer and camera history cleared", smp.topic(), header.stamp());
    }
    CloudInput in = CloudInput.of(view, inputBuffer);
    inputBuffer = in.xyzi();
    long decoded = nowNs();
    if (in.nonFinite() > 0) stats.nonFinitePoints.addAndGet(in.nonFinite());
    if (!in.hasIntensity()) {
      stats.cloudsWithoutIntensity.incrementAndGet();
      if (warnedNoIntensity.compareAndSet(false, true)) {
        LOG.warn("{}: clouds have no intensity field (fields: {}); the network gets intensity 0", smp.topic(),
            view.fields().stream().map(f -> f.name()).toList());
      }
    }
    float[] networkInput = in.points();
    if (!settings.targetFrame().isEmpty()) {
      Optional<RigidTransform> toTarget = lookupWaiting(settings.targetFrame(), header.frameId(), stamp);
      if (toTarget.isEmpty()) return;
      networkInput = in.transformed(toTarget.get());
    }
    pairCameras(in, stamp);
    Classifier cls = classifier;
    long inferenceStart = nowNs();
    Segmentation seg = segmenter.segment(new PointCloud(networkInput, 4), cls.embeddings());
    long inferenceEnd = nowNs();
    var stages = segmenter.lastTimes(); // the voxelization's end, on this clock
    long voxelized = Math.min(inferenceEnd, inferenceStart + stages.uploadNs() + stages.voxelizeNs());
    writeOutput(header, in, seg, cls);
    long built = nowNs();
    int length = output.finish();
    long encoded = nowNs();
    semantic.publish(output.buffer(), length);
    stats.record(new CloudTiming(stamp, smp.receiveTimeNanos(), dequeueNs, decoded, inferenceStart, voxelized,
        inferenceEnd, built, encoded, nowNs(), view.size()));
  }

  /** Writes the semantic cloud (input points with label, score, colour) into the reused output payload. */
  private void writeOutput(Header header, CloudInput in, Segmentation seg, Classifier cls) {
    output.start(header, in.count());
    float[] p = in.xyzi();
    int[] labels = seg.labels();
    float[] scores = seg.scores();
    int[] colours = cls.colours();
    int unlabelledRgb = cls.rgb(Classifier.UNLABELLED);
    for (int i = 0, s = 0; i < in.count(); i++, s += 4) {
      int label = labels[i];
      if (label < 0) {
        output.add(p[s], p[s + 1], p[s + 2], p[s + 3], Classifier.UNLABELLED, scores[i], unlabelledRgb);
      } else {
        output.add(p[s], p[s + 1], p[s + 2], p[s + 3], label, scores[i], colours[label]);
      }
    }
  }

  /** TARGET <- SOURCE at STAMP, waiting up to tf_wait_s for late transforms; empty (counted, logged) when none. */
  private Optional<RigidTransform> lookupWaiting(String target, String source, long stamp) {
    long deadline = System.nanoTime() + Math.round(settings.tfWaitS() * 1e9);
    while (true) {
      try {
        return Optional.of(tf.lookup(target, source, stamp));
      } catch (TransformException | IllegalArgumentException e) {
        if (System.nanoTime() >= deadline) {
          stats.tfFailures.incrementAndGet();
          stats.problem("tf " + source + " -> " + target + ": " + e.getMessage());
          LOG.warn("cloud at {} skipped: no transform {} -> {}: {}", Time.ofNanos(stamp), source, target, e.getMessage());
          return Optional.empty();
        }
        try {
          Thread.sleep(2);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return Optional.empty();
        }
      }
    }
  }

  /** Pairs the cloud with each camera's nearest image; with fusion on, counts the points that land in it. */
  private void pairCameras(CloudInput in, long stamp) {
    long tolerance = Math.round(settings.pairingToleranceS() * 1e9);
    for (CameraStream cam : cameras) {
      Optional<CameraStream.Frame> image = cam.pair(stamp, tolerance);
      if (image.isEmpty() || !settings.fusion()) continue;
      var calibration = cam.calibration();
      if (calibration.isEmpty()) continue;
      String optical = cam.opticalFrame().orElse(image.get().frameId());
      try {
        RigidTransform toCamera = tf.lookup(optical, in.header().frameId(), image.get().stampNs());
        int inView = new CameraModel(calibration.get()).project(in.xyzi(), 4, in.count(), toCamera, 1.0, new Projection());
        cam.pointsInView.addAndGet(inView);
      } catch (TransformException | IllegalArgumentException e) {
        stats.problem("camera " + cam.imageTopic() + ": " + e.getMessage());
      }
    }
  }

  private static Header imageHeader(ReceivedSample smp, String type) {
    // Image and CompressedImage both start with their header: only that is decoded
    return Header.CDR.read(CdrReader.of(smp.cdr(), type));
  }

  private void onTf(ReceivedSample smp, boolean isStatic) {
    if (TfMessages.addTo(tf, MessageTypes.TF_MESSAGE.decode(smp.cdr()), isStatic)) {
      LOG.warn("/tf: time jumped backwards; dynamic transforms cleared");
    }
  }

  private void onVocabulary(ReceivedSample smp) {
    var update = MessageTypes.VOCABULARY_UPDATE.decode(smp.cdr());
    if (embedder == null) {
      stats.vocabularyErrors.incrementAndGet();
      stats.problem("vocabulary update refused: no CLIP weights configured");
      LOG.error("{}: vocabulary update with {} classes refused: re-embedding needs CLIP weights; set the parameter "
          + "clip_weights to a CLIP .safetensors file (with its tokenizer beside it or clip_tokenizer)", settings.vocabularyTopic(),
          update.classNames().size());
      return;
    }
    try {
      classifier = embedder.embed(update, segmenter.config().outputDim());
      stats.vocabularyUpdates.incrementAndGet();
      publishLabelMap();
      LOG.info("{}: vocabulary replaced: {} classes", settings.vocabularyTopic(), update.classNames().size());
    } catch (IOException | RuntimeException e) {
      stats.vocabularyErrors.incrementAndGet();
      stats.problem("vocabulary update failed: " + e.getMessage());
      LOG.error("{}: vocabulary update failed: {}", settings.vocabularyTopic(), e.getMessage());
    }
  }

  private void publishLabelMap() throws IOException {
    labelMap.publish(MessageTypes.LABEL_MAP.encode(classifier.labelMap(new Header(Time.ofNanos(nowNs()), ""))));
  }

  private void publishCalibrationIfNeeded() {
    try {
      if (settings.publishCalibration().equals("auto") && tfStatic.matchedWriters() > 0) {
        LOG.info("/tf_static has publishers; calibration {} not published", settings.calibration());
        return;
      }
      List<StampedTransform> edges = StaticExtrinsics.read(Path.of(settings.calibration()).resolve(Rig.EXTRINSICS));
      edges.forEach(tf::addStatic);
      calibrationTf = dds.publisher("/tf_static", TF_TYPE, Qos.TF_STATIC);
      calibrationTf.publish(MessageTypes.TF_MESSAGE.encode(TfMessages.message(edges, nowNs())));
      LOG.info("published {} calibration transforms from {} on /tf_static", edges.size(), settings.calibration());
    } catch (IOException | RuntimeException e) {
      stats.problem("calibration: " + e.getMessage());
      LOG.error("cannot publish calibration {}: {}", settings.calibration(), e.getMessage());
    }
  }

  private void publishDiagnostics() {
    try {
      Classifier c = classifier;
      DiagnosticsReport.Snapshot s = new DiagnosticsReport.Snapshot(nowNs(), clouds.received(), clouds.droppedStale(),
          clouds.lost(), stats.processed(), stats.nonFinitePoints(), stats.cloudsWithoutIntensity(), stats.badClouds(),
          stats.inferenceErrors.get(), stats.tfFailures(), tf.timeJumps(), stats.badTf.get(), stats.vocabularyUpdates(),
          stats.vocabularyErrors(), tf.frames().size(), stats.recent(), segmenter.engineLine().replaceFirst("^network on ", ""),
          c.source(), c.embeddings().classes(), stats.lastProblem());
      diagnostics.publish(MessageTypes.DIAGNOSTIC_ARRAY.encode(report.build(s, cameras, settings.diagnosticsPeriodS())));
    } catch (IOException | RuntimeException e) {
      LOG.warn("diagnostics not published: {}", e.toString());
    }
  }

  private void closePumps() {
    for (Pump p : pumps) {
      try {
        p.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void close() {
    if (!open.getAndSet(false)) return;
    timer.shutdownNow();
    pumps.add(0, inference); // first: the network must be idle before its weights are freed
    closePumps();
    dds.close();
    segmenter.close();
    if (embedder != null) embedder.close();
    if (randomWeights != null) randomWeights.close();
  }
}
