package dev.clip2scene.nodes.perception;

import dev.clip2scene.model.infer.device.DeviceChoice;
import dev.clip2scene.model.net.NetworkConfig;
import dev.clip2scene.model.voxel.CropBox;
import dev.clip2scene.nodes.params.NodeParameters;
import dev.clip2scene.nodes.params.ParameterException;
import dev.clip2scene.nodes.params.RosArgs;
import dev.clip2scene.nodes.transport.TransportOptions;
import java.nio.file.Path;
import java.util.List;

/**
 * The perception node's parameters (launch/perception.params.yaml lists each with its default), resolved from
 * parameter files and {@code -p} overrides, topics through {@code -r from:=to} remaps.
 *
 * @param cloudTopic input sensor_msgs/PointCloud2
 * @param cameraTopics Image topics, or CompressedImage where the name ends in /compressed; each camera's CameraInfo
 *     is read from the sibling topic camera_info
 * @param pairingToleranceS a cloud pairs with a camera's image at most this far apart in time
 * @param fusion project each cloud into its paired images (per-camera point counts in diagnostics); the network is
 *     point-only, so fusion does not change the labels
 * @param targetFrame frame the network sees the points in ("" = each cloud's own frame)
 * @param tfWaitS how long a cloud waits for a transform that has not arrived yet
 * @param queueDepth keep-latest input queue length: older clouds are dropped (counted) when inference lags
 * @param reliableClouds subscribe the cloud topic reliably (a reliable publisher then resends lost fragments) instead
 *     of with the sensor-data profile (best effort, which matches every publisher)
 * @param model model folder ("" = the network with random weights)
 * @param network preset for random weights (spvcnn, minkunet14a, ...)
 * @param networkWidths 9 channel widths replacing the preset's (empty = the preset's)
 * @param networkOutputDim feature size for random weights (512 = CLIP's)
 * @param textEmbeddings a `clip embed` folder (text_embeddings.npy + vocab.json), "" = the model folder's
 * @param vocabulary class names used with random text embeddings when neither the model nor a folder has any
 * @param clipWeights CLIP weights for re-embedding on a VocabularyUpdate ("" = updates are refused)
 * @param calibration folder with extrinsics.yaml published on /tf_static (see publishCalibration)
 * @param publishCalibration "auto" (when no other /tf_static publisher appears), "always" or "never"
 * @param device where the network runs: auto (CUDA when a device is present, else the CPU), cpu, cuda, cuda:N
 * @param precision the CUDA engine's: float16 (tensor cores) or float32
 */
public record PerceptionSettings(
    String nodeName,
    String cloudTopic,
    List<String> cameraTopics,
    String outputTopic,
    String labelMapTopic,
    String diagnosticsTopic,
    String vocabularyTopic,
    double pairingToleranceS,
    boolean fusion,
    String targetFrame,
    double tfWaitS,
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
    String device,
    String precision) {

  public static final String DEFAULT_NODE_NAME = "clip2scene_perception";

  public PerceptionSettings {
    cameraTopics = List.copyOf(cameraTopics);
    networkWidths = List.copyOf(networkWidths);
    if (queueDepth < 1) throw new ParameterException("parameter 'queue_depth' must be >= 1, got " + queueDepth);
    if (outputQosDepth < 1) throw new ParameterException("parameter 'output_qos_depth' must be >= 1, got " + outputQosDepth);
    if (!(pairingToleranceS >= 0)) throw new ParameterException("parameter 'pairing_tolerance_s' must be >= 0");
    if (!(tfWaitS >= 0)) throw new ParameterException("parameter 'tf_wait_s' must be >= 0");
    if (!(diagnosticsPeriodS > 0)) throw new ParameterException("parameter 'diagnostics_period_s' must be > 0");
    if (!List.of("auto", "always", "never").contains(publishCalibration)) {
      throw new ParameterException("parameter 'publish_calibration' is '" + publishCalibration + "', expected auto, always or never");
    }
    try {
      DeviceChoice.parse(device, precision);
    } catch (IllegalArgumentException e) {
      throw new ParameterException("parameters 'device'/'precision': " + e.getMessage());
    }
    if (!networkWidths.isEmpty() && networkWidths.size() != 9) {
      throw new ParameterException("parameter 'network_widths' needs 9 values (stem, 4 down, 4 up), got " + networkWidths.size());
    }
  }

  /** Settings from ARGS (files, overrides, remaps, node renames). */
  public static PerceptionSettings from(RosArgs args) {
    NodeParameters p = NodeParameters.resolve(DEFAULT_NODE_NAME, args);
    List<Double> crop = p.getDoubleList("crop_box", List.of(-80.0, -80.0, -10.0, 80.0, 80.0, 10.0));
    if (crop.size() != 6) throw new ParameterException("parameter 'crop_box' needs 6 values [min_x, min_y, min_z, max_x, max_y, max_z]");
    CropBox box;
    try {
      box = new CropBox(crop.get(0).floatValue(), crop.get(1).floatValue(), crop.get(2).floatValue(),
          crop.get(3).floatValue(), crop.get(4).floatValue(), crop.get(5).floatValue());
    } catch (IllegalArgumentException e) {
      throw new ParameterException("parameter 'crop_box': " + e.getMessage());
    }
    return new PerceptionSettings(
        p.node(),
        args.remap(p.getString("cloud_topic", "/points")),
        p.getStringList("camera_topics", List.of()).stream().map(args::remap).toList(),
        args.remap(p.getString("output_topic", "/points_semantic")),
        args.remap(p.getString("label_map_topic", "/clip2scene/label_map")),
        args.remap(p.getString("diagnostics_topic", "/diagnostics")),
        args.remap(p.getString("vocabulary_topic", "/clip2scene/vocabulary")),
        p.getDouble("pairing_tolerance_s", 0.05),
        p.getBoolean("fusion", false),
        p.getString("target_frame", ""),
        p.getDouble("tf_wait_s", 0.1),
        intParam(p, "queue_depth", 1),
        reliability(p.getString("cloud_reliability", "best_effort")),
        intParam(p, "output_qos_depth", 10),
        intParam(p, "max_sample_bytes", TransportOptions.DEFAULT_MAX_SAMPLE_BYTES),
        p.getDouble("diagnostics_period_s", 1.0),
        p.getString("model", ""),
        p.getString("network", "spvcnn"),
        p.getDoubleList("network_widths", List.of()).stream().map(Double::intValue).toList(),
        intParam(p, "network_output_dim", 512),
        p.getLong("seed", 0),
        box,
        p.getString("text_embeddings", ""),
        p.getString("vocabulary", "semantickitti"),
        p.getString("clip_weights", ""),
        p.getString("clip_tokenizer", ""),
        p.getString("calibration", ""),
        p.getString("publish_calibration", "auto"),
        p.getDouble("calibration_wait_s", 2.0),
        p.getBoolean("loopback_only", false),
        p.getString("device", "auto"),
        p.getString("precision", "float16"));
  }

  private static boolean reliability(String value) {
    return switch (value) {
      case "best_effort" -> false;
      case "reliable" -> true;
      default -> throw new ParameterException("parameter 'cloud_reliability' must be best_effort or reliable, got '" + value + "'");
    };
  }

  private static int intParam(NodeParameters p, String name, int def) {
    long v = p.getLong(name, def);
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) throw new ParameterException("parameter '" + name + "' = " + v + " is out of range");
    return (int) v;
  }

  /** The network built when no model folder is given. */
  public NetworkConfig randomNetwork() {
    NetworkConfig c;
    try {
      c = NetworkConfig.preset(network);
      if (!networkWidths.isEmpty()) c = c.withWidths(networkWidths.stream().mapToInt(Integer::intValue).toArray());
      return c.withOutputDim(networkOutputDim);
    } catch (IllegalArgumentException e) {
      throw new ParameterException("parameters 'network'/'network_widths'/'network_output_dim': " + e.getMessage());
    }
  }

  public DeviceChoice deviceChoice() {
    return DeviceChoice.parse(device, precision);
  }

  public Path modelFolder() {
    return model.isEmpty() ? null : Path.of(model);
  }

  /** The CameraInfo topic beside an image topic: /cam/image_raw and /cam/image_raw/compressed -> /cam/camera_info. */
  public static String cameraInfoTopic(String imageTopic) {
    String base = isCompressed(imageTopic) ? imageTopic.substring(0, imageTopic.length() - "/compressed".length()) : imageTopic;
    int slash = base.lastIndexOf('/');
    return (slash <= 0 ? "" : base.substring(0, slash)) + "/camera_info";
  }

  public static boolean isCompressed(String imageTopic) {
    return imageTopic.endsWith("/compressed");
  }
}
