package dev.clip2scene.nodes.perception;

import static dev.clip2scene.nodes.params.ParameterDeclaration.bool;
import static dev.clip2scene.nodes.params.ParameterDeclaration.integer;
import static dev.clip2scene.nodes.params.ParameterDeclaration.integers;
import static dev.clip2scene.nodes.params.ParameterDeclaration.real;
import static dev.clip2scene.nodes.params.ParameterDeclaration.reals;
import static dev.clip2scene.nodes.params.ParameterDeclaration.string;
import static dev.clip2scene.nodes.params.ParameterDeclaration.strings;

import dev.clip2scene.nodes.params.ParameterTable;
import dev.clip2scene.nodes.ros.RosNode;
import dev.clip2scene.nodes.ros.Transports;
import dev.clip2scene.nodes.transport.TransportOptions;
import java.util.List;

/**
 * The perception node's parameters, declared once: validation at start, launch/perception.params.yaml, README's
 * parameter table, {@code clip2scene perception --help} and the live parameter services all come from this table.
 * Live parameters reach the running pipeline between clouds (see {@link PerceptionNode#parameters()}).
 */
public final class PerceptionParameters {
  public static final String NODE_NAME = "clip2scene_perception";

  private static final String TOPICS = "topics are subscribed and advertised at start";
  private static final String NETWORK = "the network and its weights are loaded at start";
  private static final String VOCABULARY = "the vocabulary is loaded at start; change it live with a VocabularyUpdate";
  private static final String DDS = "the DDS endpoints are created at start";

  /** Header comment lines of the generated launch/perception.params.yaml. */
  public static final List<String> PARAMS_FILE_HEADER = List.of(
      "Parameters of the perception node (ROS 2 params format), generated from its parameter table",
      "(PerceptionParameters; PerceptionParametersTest keeps this file in step). Override with",
      "  clip2scene perception --ros-args -p name:=value   or   --params-file FILE",
      "[live] parameters can also be changed while the node runs.");

  /** Every parameter, use_sim_time (declared by every clip2scene node) last. */
  public static final ParameterTable TABLE = RosNode.withCommonParameters(new ParameterTable(NODE_NAME, List.of(
      string("cloud_topic", "/points", "input sensor_msgs/PointCloud2 topic (remappable: -r /points:=/velodyne_points)").readOnly(TOPICS),
      string("output_topic", "/points_semantic", "output semantic PointCloud2 (the input's header; x, y, z, intensity, label, score, rgb)")
          .readOnly(TOPICS),
      string("label_map_topic", "/clip2scene/label_map", "clip2scene/LabelMap output (transient local)").readOnly(TOPICS),
      string("diagnostics_topic", "/diagnostics", "diagnostic_msgs/DiagnosticArray output").readOnly(TOPICS),
      string("vocabulary_topic", "/clip2scene/vocabulary", "clip2scene/VocabularyUpdate input").readOnly(TOPICS),
      strings("camera_topics", List.of(), "camera Image topics, or CompressedImage topics ending in /compressed; a camera's "
          + "CameraInfo is camera_info in its namespace (/cam/image_raw: /cam/camera_info)").readOnly(TOPICS),
      real("pairing_tolerance_s", 0.05, "a cloud pairs with a camera's image at most this far apart in time (s)").range(0, 10).live(),
      string("fusion", "off", "2D-3D fusion with dense MaskCLIP features of the paired images (needs clip_weights): off, "
          + "ensemble (per point the more confident source: each source's best cosine similarity with the text ranked among "
          + "its own values over the cloud's points both label, the higher percentile wins) or image (the image's class "
          + "where a camera sees the point)").choices("off", "ensemble", "image").live(),
      real("fusion_max_rate_hz", 1.0, "MaskCLIP runs per camera per second of data time, at most; other clouds keep the 3D labels")
          .range(0.001, 1000).live(),
      integer("fusion_image_height", 224, "MaskCLIP's input height in pixels (the width keeps the image's aspect; both "
          + "rounded to the patch size)").range(16, 4096).live(),
      bool("overlays", false, "publish each camera's paired image with the labels painted over it, on clip2scene_overlay in the "
          + "camera's namespace (/cam/image_raw: /cam/clip2scene_overlay; sensor_msgs/Image rgb8, the image's header)")
          .readOnly("overlay publishers are created at start"),
      real("overlay_max_rate_hz", 2.0, "overlays per camera per second of data time, at most").range(0.001, 1000).live(),
      integer("overlay_point_size", 3, "side of the square painted per point in an overlay (pixels)").range(1, 64).live(),
      integer("occlusion_cell_px", 8, "z-buffer cell of the occlusion test of overlays and fusion (pixels): a point farther "
          + "than occlusion_tolerance_m behind the nearest point of its cell is hidden").range(1, 256).live(),
      real("occlusion_tolerance_m", 0.5, "depth tolerance of the occlusion test (metres)").range(0, 1000).live(),
      string("target_frame", "", "frame the network sees the points in (empty: each cloud's own frame); the output keeps the "
          + "input's frame").live(),
      real("tf_wait_s", 0.1, "how long a cloud waits for its transform to target_frame (s)").range(0, 60).live(),
      integer("queue_depth", 1, "keep-latest input queue length: older clouds are dropped (and counted) when inference falls "
          + "behind").range(1, 100_000).readOnly(DDS),
      string("cloud_reliability", "best_effort", "QoS of the cloud subscription: best_effort (sensor-data profile, matches any "
          + "publisher) or reliable (only reliable publishers match)").choices("best_effort", "reliable").readOnly(DDS),
      integer("output_qos_depth", 10, "history depth of the reliable outputs").range(1, 10_000).readOnly(DDS),
      integer("max_sample_bytes", TransportOptions.DEFAULT_MAX_SAMPLE_BYTES, "largest DDS sample accepted or sent (bytes)")
          .range(1024, Integer.MAX_VALUE - 64).readOnly(DDS),
      real("diagnostics_period_s", 1.0, "period of the diagnostics (s)").range(0.01, 3600).readOnly("the diagnostics timer is "
          + "scheduled at start"),
      string("model", "", "model folder (empty: the network with random weights of network, network_widths, "
          + "network_output_dim, seed)").readOnly(NETWORK),
      string("network", "minkunet14a", "network preset for random weights, fed the clouds' intensity (minkunet14a is the "
          + "fastest: BENCHMARKS.md)").choices("minkunet14a", "spvcnn", "minkunet18", "minkunet34").readOnly(NETWORK),
      integers("network_widths", List.of(), "9 channel widths (stem, 4 down, 4 up) replacing the preset's (empty: the preset's)")
          .sizes(0, 9).range(1, 4096).readOnly(NETWORK),
      string("device", "auto", "where the network runs: auto (CUDA when a device is present and the engine loads, else the "
          + "CPU engine), cpu, cuda or cuda:N").readOnly(NETWORK),
      string("precision", "float16", "the CUDA engine's arithmetic: float16 (tensor cores, float32 accumulation) or float32")
          .choices("float16", "float32").readOnly(NETWORK),
      integer("network_output_dim", 512, "feature size of the random network (512 = CLIP ViT-B/16's)").range(1, 65_536).readOnly(NETWORK),
      integer("seed", 0, "seed of the random weights and random text embeddings").readOnly(NETWORK),
      reals("crop_box", List.of(-80.0, -80.0, -10.0, 80.0, 80.0, 10.0), "points kept for the network [min_x, min_y, min_z, max_x, "
          + "max_y, max_z] in metres (target frame); the others keep their place with label 65535").sizes(6).readOnly(NETWORK),
      string("text_embeddings", "", "a `clip2scene clip embed` folder (empty: the model folder's embeddings, else random "
          + "ones of vocabulary)").readOnly(VOCABULARY),
      string("vocabulary", "semantickitti", "class names for random text embeddings: nuscenes, semantickitti, scannet or a file, "
          + "one class per line").readOnly(VOCABULARY),
      string("clip_weights", "", "CLIP .safetensors for VocabularyUpdates and fusion (empty: updates are refused, fusion is "
          + "unavailable)").readOnly("CLIP is loaded once"),
      string("clip_tokenizer", "", "CLIP tokenizer files (empty: beside clip_weights)").readOnly("CLIP is loaded once"),
      string("calibration", "", "calibration folder whose extrinsics.yaml is published on /tf_static (see publish_calibration)")
          .readOnly("read once at start"),
      string("publish_calibration", "auto", "auto (only when no other /tf_static publisher appears within calibration_wait_s), "
          + "always or never").choices("auto", "always", "never").readOnly("decided once at start"),
      real("calibration_wait_s", 2.0, "how long auto waits for another /tf_static publisher (s)").range(0, 3600)
          .readOnly("decided once at start"),
      bool("loopback_only", false, "use the loopback interface only (DDS traffic stays on this machine; the dds transport's)")
          .readOnly(DDS),
      string("transport", "dds", "how the node reaches the ROS graph: dds (its own DDS participant, no ROS install needed), "
          + "rcljava (an rcl node through ros2_java and the workspace's rmw) or auto (rcljava when it loads, else dds)")
          .choices(Transports.CHOICES.toArray(String[]::new)).readOnly("chosen at start"))));

  private PerceptionParameters() {}
}
