package dev.clip2scene.nodes.perception;

import dev.clip2scene.model.fusion.FusionMode;
import dev.clip2scene.model.infer.device.DeviceChoice;
import dev.clip2scene.model.net.NetworkConfig;
import dev.clip2scene.model.voxel.CropBox;
import dev.clip2scene.nodes.params.LiveParameters;
import dev.clip2scene.nodes.params.ParameterException;
import dev.clip2scene.nodes.params.ParameterValue;
import dev.clip2scene.nodes.params.ResolvedParameters;
import dev.clip2scene.nodes.params.RosArgs;
import dev.clip2scene.nodes.perception.pipeline.ModelSettings;
import dev.clip2scene.nodes.perception.pipeline.PerceptionPipeline;
import dev.clip2scene.nodes.perception.pipeline.PipelineSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The perception node's settings at start: its parameters ({@link PerceptionParameters#TABLE}, resolved from
 * parameter files and {@code -p} overrides, each checked against its declaration) with topics remapped by
 * {@code -r from:=to}, as typed values. The pipeline's share ({@link #pipeline}) can be rebuilt from changed live
 * values ({@link #pipeline(Map)}).
 *
 * @param parameters every declared parameter's value at start, where it came from, and warnings about undeclared names
 */
public record PerceptionSettings(
    ResolvedParameters parameters,
    String nodeName,
    String cloudTopic,
    List<String> cameraTopics,
    String outputTopic,
    String labelMapTopic,
    String diagnosticsTopic,
    String vocabularyTopic,
    int queueDepth,
    boolean reliableClouds,
    int outputQosDepth,
    int maxSampleBytes,
    double diagnosticsPeriodS,
    String model,
    String network,
    List<Integer> networkWidths,
    int networkOutputDim,
    long seed,
    CropBox cropBox,
    String textEmbeddings,
    String vocabulary,
    String clipWeights,
    String clipTokenizer,
    String calibration,
    String publishCalibration,
    double calibrationWaitS,
    boolean loopbackOnly,
    String transport) {

  public static final String DEFAULT_NODE_NAME = PerceptionParameters.NODE_NAME;
  private static final Logger LOG = LoggerFactory.getLogger(PerceptionSettings.class);

  public PerceptionSettings {
    cameraTopics = List.copyOf(cameraTopics);
    networkWidths = List.copyOf(networkWidths);
  }

  /** Settings from ARGS (files, overrides, remaps, node renames); a wrong value is a ParameterException naming it. */
  public static PerceptionSettings from(RosArgs args) {
    ResolvedParameters p = PerceptionParameters.TABLE.resolve(args);
    List<Double> crop = p.reals("crop_box");
    CropBox box;
    try {
      box = new CropBox(crop.get(0).floatValue(), crop.get(1).floatValue(), crop.get(2).floatValue(),
          crop.get(3).floatValue(), crop.get(4).floatValue(), crop.get(5).floatValue());
    } catch (IllegalArgumentException e) {
      throw new ParameterException("parameter 'crop_box' from " + p.source("crop_box") + ": " + e.getMessage());
    }
    PerceptionSettings s = new PerceptionSettings(
        p,
        p.nodeName(),
        args.remap(p.string("cloud_topic")),
        p.strings("camera_topics").stream().map(args::remap).toList(),
        args.remap(p.string("output_topic")),
        args.remap(p.string("label_map_topic")),
        args.remap(p.string("diagnostics_topic")),
        args.remap(p.string("vocabulary_topic")),
        p.intValue("queue_depth"),
        p.string("cloud_reliability").equals("reliable"),
        p.intValue("output_qos_depth"),
        p.intValue("max_sample_bytes"),
        p.real("diagnostics_period_s"),
        p.string("model"),
        p.string("network"),
        p.integers("network_widths").stream().map(Long::intValue).toList(),
        p.intValue("network_output_dim"),
        p.integer("seed"),
        box,
        p.string("text_embeddings"),
        p.string("vocabulary"),
        p.string("clip_weights"),
        p.string("clip_tokenizer"),
        p.string("calibration"),
        p.string("publish_calibration"),
        p.real("calibration_wait_s"),
        p.bool("loopback_only"),
        p.string("transport"));
    String wrong = s.reject(p.values());
    if (wrong != null) throw new ParameterException(wrong);
    return s;
  }

  /** Warnings of the parameters at start (names the node does not declare, with the closest declared one). */
  public List<String> warnings() {
    return parameters.warnings();
  }

  public FusionMode fusion() {
    return FusionMode.parse(parameters.string("fusion"));
  }

  public boolean overlays() {
    return parameters.bool("overlays");
  }

  public String targetFrame() {
    return parameters.string("target_frame");
  }

  /** The pipeline's settings at start. */
  public PipelineSettings pipeline() {
    return pipeline(parameters.values());
  }

  /** The pipeline's settings for parameter VALUES (the start values with live changes applied). */
  public PipelineSettings pipeline(Map<String, ParameterValue> values) {
    return new PipelineSettings(cameraTopics, values.get("overlays").asBool(), values.get("target_frame").asString(),
        values.get("tf_wait_s").asDouble(), values.get("pairing_tolerance_s").asDouble(),
        FusionMode.parse(values.get("fusion").asString()), values.get("fusion_max_rate_hz").asDouble(),
        (int) values.get("fusion_image_height").asLong(), values.get("overlay_max_rate_hz").asDouble(),
        (int) values.get("overlay_point_size").asLong(), (int) values.get("occlusion_cell_px").asLong(),
        values.get("occlusion_tolerance_m").asDouble());
  }

  /** Where the network runs (parameters device and precision). */
  public DeviceChoice deviceChoice() {
    return deviceChoice(parameters.values());
  }

  private static DeviceChoice deviceChoice(Map<String, ParameterValue> values) {
    return DeviceChoice.parse(values.get("device").asString(), values.get("precision").asString());
  }

  /** Why parameter VALUES cannot be used together (rules between parameters), or null when they can. */
  public String reject(Map<String, ParameterValue> values) {
    try {
      deviceChoice(values);
    } catch (IllegalArgumentException e) {
      return "parameter 'device': " + e.getMessage();
    }
    if (!values.get("fusion").asString().equals("off") && values.get("clip_weights").asString().isEmpty()) {
      return "parameter 'fusion' is " + values.get("fusion").asString() + ": image features need CLIP; set 'clip_weights' to a "
          + "CLIP .safetensors file (or fusion: \"off\")";
    }
    try {
      pipeline(values);
    } catch (IllegalArgumentException e) {
      return "perception parameters: " + e.getMessage();
    }
    return null;
  }

  /** The running node's parameters, bound to PIPELINE (see {@link #bind}). */
  public LiveParameters liveParameters(PerceptionPipeline pipeline) {
    return bind(new LiveParameters(parameters), pipeline);
  }

  /**
   * Binds LIVE (these settings' parameters while the node runs, e.g. those its ROS parameter services serve) to
   * PIPELINE: a change of live values is checked (each value against its declaration, then the rules between them and
   * what the pipeline can honour) and reaches the pipeline from its next cloud through {@link PerceptionPipeline#update};
   * read-only parameters are refused with their reason. Returns LIVE.
   */
  public LiveParameters bind(LiveParameters live, PerceptionPipeline pipeline) {
    if (live.table() != parameters.table()) throw new IllegalArgumentException("parameters of another table: " + live.table().nodeName());
    live.addValidator(values -> {
      String wrong = reject(values);
      if (wrong != null) return wrong;
      List<String> fixed = pipeline.settings().fixedChanges(pipeline(values));
      return fixed.isEmpty() ? null : String.join(", ", fixed) + " cannot change while the node runs";
    });
    live.addListener(change -> {
      pipeline.update(pipeline(change.all()));
      LOG.info("{}: parameters changed by {}: {}", nodeName, change.source(), change.changed());
    });
    return live;
  }

  /** What the pipeline loads at start. */
  public ModelSettings modelSettings() {
    return new ModelSettings(modelFolder(), model.isEmpty() ? randomNetwork() : null, seed, cropBox,
        textEmbeddings.isEmpty() ? null : Path.of(textEmbeddings), vocabulary,
        clipWeights.isEmpty() ? null : Path.of(clipWeights), clipTokenizer.isEmpty() ? null : Path.of(clipTokenizer), deviceChoice());
  }

  /** The network built when no model folder is given. */
  public NetworkConfig randomNetwork() {
    NetworkConfig c;
    try {
      // a cloud gives the network intensity: a preset made for RGB (MinkUNet, indoors) takes it in one input channel
      c = NetworkConfig.preset(network).withInputFeatures(List.of("intensity"));
      if (!networkWidths.isEmpty()) c = c.withWidths(networkWidths.stream().mapToInt(Integer::intValue).toArray());
      return c.withOutputDim(networkOutputDim);
    } catch (IllegalArgumentException e) {
      throw new ParameterException("parameters 'network'/'network_widths'/'network_output_dim': " + e.getMessage());
    }
  }

  public Path modelFolder() {
    return model.isEmpty() ? null : Path.of(model);
  }
}
