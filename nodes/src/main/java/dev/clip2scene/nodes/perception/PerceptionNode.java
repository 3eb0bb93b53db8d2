package dev.clip2scene.nodes.perception;

import dev.clip2scene.model.fusion.FusionMode;
import dev.clip2scene.msgs.MessageTypes;
import dev.clip2scene.msgs.builtin.Time;
import dev.clip2scene.msgs.std.Header;
import dev.clip2scene.nodes.calibration.Rig;
import dev.clip2scene.nodes.calibration.StaticExtrinsics;
import dev.clip2scene.nodes.params.LiveParameters;
import dev.clip2scene.nodes.perception.pipeline.CameraStream;
import dev.clip2scene.nodes.perception.pipeline.Classifier;
import dev.clip2scene.nodes.perception.pipeline.NodeStats;
import dev.clip2scene.nodes.perception.pipeline.PerceptionPipeline;
import dev.clip2scene.nodes.ros.NodeTransport;
import dev.clip2scene.nodes.ros.RosNode;
import dev.clip2scene.nodes.ros.RosNodeName;
import dev.clip2scene.nodes.ros.Transports;
import dev.clip2scene.nodes.tf.StampedTransform;
import dev.clip2scene.nodes.tf.TfMessages;
import dev.clip2scene.nodes.tf.TransformBuffer;
import dev.clip2scene.nodes.transport.Qos;
import dev.clip2scene.nodes.transport.RawPublisher;
import dev.clip2scene.nodes.transport.RawSubscriber;
import dev.clip2scene.nodes.transport.ReceivedSample;
import dev.clip2scene.nodes.transport.TransportOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The online perception node: the ROS wiring (on its {@link NodeTransport}) around a {@link PerceptionPipeline}.
 * PointCloud2 in, semantic PointCloud2 (same header; x, y, z, intensity, label, score, rgb) out, with the LabelMap
 * (transient local), diagnostics and, when on, per-camera label overlays beside it.
 *
 * <p>Threads: the transport's threads only copy samples into bounded keep-latest queues; one {@link Pump} thread per
 * input topic: those of /tf, /tf_static, cameras and vocabulary feed the pipeline's tf buffer, camera streams and
 * vocabulary; the cloud topic's (the inference thread) hands the newest cloud to the pipeline, which survives any
 * fault of one cloud; a timer publishes diagnostics. Should the inference thread die anyway (an error no cloud
 * explains), diagnostics turn ERROR and {@link #awaitTermination} returns with {@link #failure} set.
 */
public final class PerceptionNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PerceptionNode.class);
  private static final Qos LABEL_MAP_QOS = new Qos(Qos.Reliability.RELIABLE, Qos.Durability.TRANSIENT_LOCAL, 1);
  private static final Qos VOCABULARY_QOS = Qos.outputs(10);
  private static final Qos OVERLAY_QOS = Qos.outputs(2);
  private static final String CLOUD_TYPE = MessageTypes.POINT_CLOUD2.name();
  private static final String TF_TYPE = MessageTypes.TF_MESSAGE.name();

  private final PerceptionSettings settings;
  private final PerceptionPipeline pipeline;
  private final LiveParameters parameters;
  private RosNode ros;
  private final List<Pump> pumps = new ArrayList<>();
  private final NodeTransport transport;
  private final RawSubscriber clouds;
  private final RawSubscriber tfStatic;
  private final RawPublisher semantic;
  private final RawPublisher labelMap;
  private final RawPublisher diagnostics;
  private final Map<CameraStream, RawPublisher> overlays = new HashMap<>();
  private final DiagnosticsReport report;
  private final ScheduledExecutorService timer;
  private final Pump inference;
  private final AtomicBoolean open = new AtomicBoolean(true);
  private final CountDownLatch terminated = new CountDownLatch(1);
  private final PerceptionPipeline.Output output;
  private volatile Throwable failure;
  /** Runs before each cloud on the inference thread; tests replace it to make the thread die. */
  volatile Consumer<ReceivedSample> beforeCloud = s -> { };
  private RawPublisher calibrationTf;

  private PerceptionNode(PerceptionSettings s, TransportOptions options, PerceptionPipeline pipeline, boolean rosFace)
      throws IOException {
    this.settings = s;
    this.pipeline = pipeline;
    this.report = new DiagnosticsReport(s.nodeName());
    Transports.Opened opened = Transports.open(s.transport(), new RosNodeName(s.parameters().namespace(), s.nodeName()),
        options.withMaxSampleBytes(s.maxSampleBytes()).withLoopbackOnly(options.loopbackOnly() || s.loopbackOnly()));
    this.transport = opened.transport();
    opened.fallbackReason().ifPresent(why -> LOG.info("{}: transport auto: dds, as rcljava cannot load: {}", s.nodeName(), why));
    LOG.info("{}: transport {}", s.nodeName(), transport.describe());
    try {
      ros = rosFace ? RosNode.start(transport, s.parameters()) : null;
      // one set of parameters: the ROS parameter services' when the node has a ROS face
      parameters = s.bind(ros != null ? ros.parameters() : new LiveParameters(s.parameters()), pipeline);
      // a semantic cloud is megabytes: sent by a transport thread, not the inference thread; overlays too
      semantic = transport.asyncPublisher(s.outputTopic(), CLOUD_TYPE, Qos.outputs(s.outputQosDepth()));
      labelMap = transport.publisher(s.labelMapTopic(), MessageTypes.LABEL_MAP.name(), LABEL_MAP_QOS);
      diagnostics = transport.publisher(s.diagnosticsTopic(), MessageTypes.DIAGNOSTIC_ARRAY.name(), Qos.outputs(s.outputQosDepth()));
      publishLabelMap(pipeline.classifier());
      RawSubscriber tfDynamic = transport.subscriber("/tf", TF_TYPE, Qos.TF, 256);
      tfStatic = transport.subscriber("/tf_static", TF_TYPE, Qos.TF_STATIC, 64);
      NodeStats stats = pipeline.stats();
      pumps.add(new Pump(tfDynamic, smp -> pipeline.addTransforms(MessageTypes.TF_MESSAGE.decode(smp.cdr()), false), stats::countBadTf));
      pumps.add(new Pump(tfStatic, smp -> pipeline.addTransforms(MessageTypes.TF_MESSAGE.decode(smp.cdr()), true), stats::countBadTf));
      for (CameraStream cam : pipeline.cameras()) {
        pumps.add(new Pump(transport.subscriber(cam.imageTopic(), cam.imageType(), Qos.SENSOR_DATA, 4),
            smp -> cam.addImage(smp.cdr(), smp.receiveTimeNanos()), cam::countBadImage));
        pumps.add(new Pump(transport.subscriber(cam.infoTopic(), MessageTypes.CAMERA_INFO.name(), Qos.SENSOR_DATA, 2),
            smp -> cam.setInfo(MessageTypes.CAMERA_INFO.decode(smp.cdr())), cam::countBadImage));
        if (s.overlays()) overlays.put(cam, transport.asyncPublisher(cam.overlayTopic(), MessageTypes.IMAGE.name(), OVERLAY_QOS));
      }
      pumps.add(new Pump(transport.subscriber(s.vocabularyTopic(), MessageTypes.VOCABULARY_UPDATE.name(), VOCABULARY_QOS, 4),
          this::onVocabulary, stats::countVocabularyError));
      Qos cloudQos = s.reliableClouds() ? new Qos(Qos.Reliability.RELIABLE, Qos.Durability.VOLATILE, Qos.SENSOR_DATA.depth()) : Qos.SENSOR_DATA;
      clouds = transport.subscriber(s.cloudTopic(), CLOUD_TYPE, cloudQos, s.queueDepth());
    } catch (IOException | RuntimeException e) {
      closePumps();
      if (ros != null) ros.close();
      transport.close();
      throw e;
    }
    output = new PerceptionPipeline.Output() {
      @Override
      public void cloud(byte[] payload, int length) throws IOException {
        semantic.publish(payload, length);
      }

      @Override
      public void overlay(CameraStream camera, dev.clip2scene.msgs.sensor.Image image) throws IOException {
        overlays.get(camera).publish(MessageTypes.IMAGE.encode(image));
      }
    };
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
    inference = new Pump(clouds, this::onCloud, () -> { }, this::inferenceDied);
  }

  /** Loads the network and vocabulary SETTINGS name (the model folder read once), joins the ROS graph and starts. */
  public static PerceptionNode start(PerceptionSettings s, TransportOptions transport) throws IOException {
    return start(s, transport, false);
  }

  /**
   * As {@link #start(PerceptionSettings, TransportOptions)}; with ROS_FACE the node also shows in the ROS graph under
   * its name and namespace: `ros2 node`, `ros2 param` (its parameter table; live changes reach the pipeline), /rosout,
   * and ROS time from /clock for its stamps when use_sim_time is set.
   */
  public static PerceptionNode start(PerceptionSettings s, TransportOptions transport, boolean rosFace) throws IOException {
    for (String w : s.warnings()) LOG.warn("{}: {}", s.nodeName(), w);
    PerceptionPipeline pipeline = PerceptionPipeline.open(s.pipeline(), s.modelSettings(), s.cloudTopic());
    try {
      // fusion loads CLIP now: a bad clip_weights fails the start, not the first image
      if (s.fusion() != FusionMode.OFF) pipeline.warmUpImageTeacher();
      LOG.info("{}: {} network{}, vocabulary: {} ({} classes), fusion {}, device {}; {} -> {}", s.nodeName(),
          s.modelFolder() == null ? s.network() : "the", s.modelFolder() == null ? " with random weights" : " from " + s.modelFolder(),
          pipeline.classifier().source(), pipeline.classifier().embeddings().classes(), s.fusion().value(), pipeline.device(),
          s.cloudTopic(), s.outputTopic());
      LOG.info("{}: {}", s.nodeName(), pipeline.engineLine());
      return new PerceptionNode(s, transport, pipeline, rosFace);
    } catch (IOException | RuntimeException e) {
      pipeline.close();
      throw e;
    }
  }

  public PerceptionPipeline pipeline() {
    return pipeline;
  }

  /** Which engine runs the network and why, e.g. "network on cpu-engine (2 threads): no CUDA driver (...)". */
  public String engineLine() {
    return pipeline.engineLine();
  }

  public NodeStats stats() {
    return pipeline.stats();
  }

  public TransformBuffer transforms() {
    return pipeline.transforms();
  }

  public List<CameraStream> cameras() {
    return pipeline.cameras();
  }

  public Classifier classifier() {
    return pipeline.classifier();
  }

  /**
   * The node's parameters while it runs (the ROS parameter services' when it has a ROS face): live ones set here take
   * effect from the next cloud; read-only ones and invalid values are refused with the reason.
   */
  public LiveParameters parameters() {
    return parameters;
  }

  /** The node's ROS face, or null when started without one. */
  public RosNode ros() {
    return ros;
  }

  /** ROS time for output stamps: the ROS clock (bag time under use_sim_time), else the system clock. */
  private long rosNowNs() {
    return ros != null ? ros.clock().nowNanos() : PerceptionPipeline.nowNs();
  }

  /** Writers on the cloud topic this node has matched. */
  public long matchedCloudPublishers() {
    return clouds.matchedWriters();
  }

  /** Readers of the semantic cloud and of diagnostics that this node's writers have matched, the smaller count. */
  public long matchedOutputSubscribers() {
    return Math.min(semantic.matchedReaders(), diagnostics.matchedReaders());
  }

  /** Clouds taken from the transport so far. */
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

  /** The error that killed the inference thread, if it died. */
  public Optional<Throwable> failure() {
    return Optional.ofNullable(failure);
  }

  /** Returns once the node was closed or its inference thread died (then {@link #failure} says why). */
  public void awaitTermination() throws InterruptedException {
    terminated.await();
  }

  /** Waits up to TIMEOUT for {@link #awaitTermination}'s condition; true when it holds. */
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    return terminated.await(timeout, unit);
  }

  /** The inference thread's handler: the pipeline counts and survives every fault of one cloud. */
  private void onCloud(ReceivedSample smp) {
    beforeCloud.accept(smp);
    pipeline.process(smp.cdr(), smp.receiveTimeNanos(), PerceptionPipeline.nowNs(), output);
  }

  private void inferenceDied(Throwable e) {
    failure = e;
    pipeline.stats().problem("inference thread died: " + e);
    LOG.error("{}: the inference thread died; no cloud will be processed: {}", settings.nodeName(), e.toString(), e);
    publishDiagnostics();
    terminated.countDown();
  }

  private void onVocabulary(ReceivedSample smp) {
    var update = MessageTypes.VOCABULARY_UPDATE.decode(smp.cdr());
    pipeline.applyVocabulary(update).ifPresent(c -> {
      try {
        publishLabelMap(c);
      } catch (IOException e) {
        pipeline.stats().problem(settings.labelMapTopic() + ": " + e.getMessage());
        LOG.warn("{}: LabelMap not published: {}", settings.labelMapTopic(), e.getMessage());
      }
    });
  }

  private void publishLabelMap(Classifier c) throws IOException {
    labelMap.publish(MessageTypes.LABEL_MAP.encode(c.labelMap(new Header(Time.ofNanos(rosNowNs()), ""))));
  }

  private void publishCalibrationIfNeeded() {
    try {
      if (settings.publishCalibration().equals("auto") && tfStatic.matchedWriters() > 0) {
        LOG.info("/tf_static has publishers; calibration {} not published", settings.calibration());
        return;
      }
      List<StampedTransform> edges = StaticExtrinsics.read(Path.of(settings.calibration()).resolve(Rig.EXTRINSICS));
      edges.forEach(pipeline.transforms()::addStatic);
      calibrationTf = transport.publisher("/tf_static", TF_TYPE, Qos.TF_STATIC);
      calibrationTf.publish(MessageTypes.TF_MESSAGE.encode(TfMessages.message(edges, rosNowNs())));
      LOG.info("published {} calibration transforms from {} on /tf_static", edges.size(), settings.calibration());
    } catch (IOException | RuntimeException e) {
      pipeline.stats().problem("calibration: " + e.getMessage());
      LOG.error("cannot publish calibration {}: {}", settings.calibration(), e.getMessage());
    }
  }

  private synchronized void publishDiagnostics() {
    try {
      NodeStats stats = pipeline.stats();
      Classifier c = pipeline.classifier();
      TransformBuffer tf = pipeline.transforms();
      DiagnosticsReport.Snapshot s = new DiagnosticsReport.Snapshot(PerceptionPipeline.nowNs(), clouds.received(), clouds.droppedStale(),
          clouds.lost(), stats.processed(), stats.nonFinitePoints(), stats.cloudsWithoutIntensity(), stats.badClouds(),
          stats.inferenceErrors(), stats.outputErrors(), stats.tfFailures(), tf.timeJumps(), stats.badTfMessages(),
          stats.vocabularyUpdates(), stats.vocabularyErrors(), tf.frames().size(), stats.recent(), pipeline.engineLine().replaceFirst("^network on ", ""),
          c.source(), c.embeddings().classes(), pipeline.settings().fusion().value(), stats.lastProblem(), failure);
      diagnostics.publish(MessageTypes.DIAGNOSTIC_ARRAY.encode(report.build(s, pipeline.cameras(), settings.diagnosticsPeriodS(),
          rosNowNs())));
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
    if (ros != null) ros.close();
    transport.close();
    pipeline.close();
    terminated.countDown();
  }
}
