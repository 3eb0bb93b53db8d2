package dev.clip2scene.model.train;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Every pretraining setting, read from YAML (snake_case keys; unknown keys are errors, missing keys keep these
 * defaults, which follow the CLIP2Scene reference code). Sections: data, network, teacher, loss, optim, train.
 */
public final class PretrainConfig {
  public Data data = new Data();
  public Network network = new Network();
  public TeacherSettings teacher = new TeacherSettings();
  public Loss loss = new Loss();
  public Optim optim = new Optim();
  public Train train = new Train();

  /** Which topics and frames make a sample. */
  public static final class Data {
    public String cloudTopic = "/velodyne_points";
    /** Image topics (Image or CompressedImage), one per camera. */
    public List<String> cameraTopics = List.of("/camera_2/image_raw");
    /** camera_info topics in the order of camera_topics; empty: each image topic's namespace + /camera_info. */
    public List<String> cameraInfoTopics = List.of();
    /** The fixed frame of the ego poses (odom -> cloud frame on /tf); absent from the bag: no registration. */
    public String odomFrame = "odom";
    /** Sweeps per sample, the keyframe included (paper: 3). */
    public int sweeps = 3;
    /** Earlier sweeps older than this (seconds) before the keyframe are not used. */
    public double sweepWindowS = 0.5;
    /** Every n-th cloud is a keyframe. */
    public int keyframeEvery = 1;
    /** An image pairs with a keyframe only within this many seconds. */
    public double imageToleranceS = 0.05;
    /** Points closer than this (metres) to the sensor are dropped; pairs need a larger depth. */
    public double minRangeM = 1.0;
    /** PointCloud2 field holding ground-truth class ids (for evaluation), 255 = ignore. */
    public String labelField = "label";
    /** Points outside this box (metres, in the keyframe's frame: min x, y, z, max x, y, z) are left out. */
    public float[] cropBox = {-100, -100, -10, 100, 100, 10};
    /** Threads reading and decoding samples ahead of the trainer (results do not depend on it). */
    public int workers = 2;
    /** Samples read ahead of the trainer at most: what bounds the loader's memory. */
    public int prefetch = 8;
  }

  /** The student network: a preset of the model folder format plus overrides. */
  public static final class Network {
    public String preset = "spvcnn";
    public int[] widths;
    public int[] blocks;
    public Double voxelSize;
  }

  public static final class TeacherSettings {
    /** maskclip or precomputed. */
    public String kind = "maskclip";
    /** MaskCLIP: image (each whole image once, cached, before training) or crop (a random crop per step, the reference). */
    public String pass = "image";
    /** Pass image: images are resized to this height (and the width keeping their aspect), multiples of the patch size. */
    public int imageHeight = 224;
    /** Where CLIP runs: auto, cpu, cuda or cuda:N (CUDA needs a CUDA build of PyTorch configured for DJL). */
    public String device = "cpu";
    /** CLIP weights (.safetensors): the MaskCLIP teacher and the text embeddings. */
    public String weights;
    /** CLIP tokenizer file or folder (default: the weights' folder). */
    public String tokenizer;
    /** Attention heads of CLIP's image and text towers (default: width / 64, or the weights' config). */
    public Integer visionHeads;
    public Integer textHeads;
    /** Class names: a bundled vocabulary (nuscenes, semantickitti, scannet) or a file. */
    public String vocabulary = "semantickitti";
    /** Prompt templates file (default: the bundled 85). */
    public String templates;
    /** C x D float32 .npy text embeddings instead of computing them from the weights. */
    public String textEmbeddings;
    /** Folder of precomputed outputs (kind precomputed). */
    public String precomputedDir;
    /** Pass crop: the crop the teacher sees, height x width (reference 224 x 416), and how it is drawn. */
    public int[] crop = {224, 416};
    public double[] cropScale = {0.3, 1.0};
    public double[] cropRatio = {14.0 / 9, 17.0 / 9};
    public double flipProbability = 0.5;
    /** CLIP mean/std normalisation (false: pixels / 255 as the reference code). */
    public boolean clipNormalize = true;
    /** Teacher cache folder (default MODEL_DIR/teacher-cache). */
    public String cacheDir;
  }

  public static final class Loss {
    /** cross_entropy (reference) or contrastive (paper Eq. 1). */
    public String semantic = "cross_entropy";
    public double tau = 0.5;
    /** reference, paper or off. */
    public String spatial = "reference";
    public double cellSize = 0.1;
    public int cellCapacity = 8;
    /** batch (reference), point (paper) or off. */
    public String s3t = "batch";
    public int s3tStartEpoch = 10;
    public double s3tProbability = 0.5;
  }

  public static final class Optim {
    /** sgd or adamw. */
    public String optimizer = "sgd";
    public double lr = 0.1;
    public double momentum = 0.9;
    public double dampening = 0.1;
    public double weightDecay = 1e-4;
    public double[] betas = {0.9, 0.999};
    public double epsilon = 1e-8;
    public double minLr = 0;
    public long warmupSteps = 0;
  }

  public static final class Train {
    public int epochs = 20;
    public int batchSize = 4;
    /** 0: every sample each epoch; else at most this many steps per epoch. */
    public int maxStepsPerEpoch = 0;
    public boolean rotateZ = true;
    public boolean flip = true;
    /** Evaluate after every epoch when the bag's clouds carry labels. */
    public boolean evaluate = true;
  }

  static final ObjectMapper YAML = new YAMLMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public static PretrainConfig read(Path file) throws IOException {
    if (file == null) return new PretrainConfig();
    try {
      PretrainConfig c = YAML.readValue(Files.readAllBytes(file), PretrainConfig.class);
      return c == null ? new PretrainConfig() : c;
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw new IllegalArgumentException(file + ": " + e.getOriginalMessage() + " at line " + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()), e);
    }
  }

  /** BASE with the settings FILE names replaced (sections merge key by key; lists and values are replaced). */
  public static PretrainConfig over(PretrainConfig base, Path file) throws IOException {
    com.fasterxml.jackson.databind.JsonNode tree = YAML.valueToTree(base);
    try {
      com.fasterxml.jackson.databind.JsonNode user = YAML.readTree(Files.readAllBytes(file));
      if (user != null && !user.isMissingNode() && !user.isNull()) merge((com.fasterxml.jackson.databind.node.ObjectNode) tree, user);
      return YAML.treeToValue(tree, PretrainConfig.class);
    } catch (com.fasterxml.jackson.core.JacksonException | ClassCastException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  private static void merge(com.fasterxml.jackson.databind.node.ObjectNode into, com.fasterxml.jackson.databind.JsonNode from) {
    from.fields().forEachRemaining(e -> {
      if (e.getValue().isObject() && into.get(e.getKey()) instanceof com.fasterxml.jackson.databind.node.ObjectNode o) merge(o, e.getValue());
      else into.set(e.getKey(), e.getValue());
    });
  }

  public String toYaml() {
    try {
      return YAML.writeValueAsString(this);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static PretrainConfig parse(String yaml) throws IOException {
    return YAML.readValue(yaml, PretrainConfig.class);
  }
}
