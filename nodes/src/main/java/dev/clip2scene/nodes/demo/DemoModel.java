package dev.clip2scene.nodes.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clip2scene.model.io.AtomicFiles;
import dev.clip2scene.model.net.ModelFolder;
import dev.clip2scene.model.net.SparseNetwork;
import dev.clip2scene.nodes.launch.PackageRoot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The demo model kept in the repository ({@value #FOLDER}): a model folder (weights only, no optimizer state) that
 * `clip2scene demo --fresh --save-model models/demo` trained, with {@value #KEY_FILE} naming the settings key it was
 * trained under and model_card.md saying how. The demo uses it in place of training when its settings have that key.
 */
public final class DemoModel {
  public static final String FOLDER = "models/demo";
  static final String KEY_FILE = "demo.json";
  static final String CARD = "model_card.md";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private DemoModel() {}

  /** The repository's demo model folder when it was trained with settings of KEY. */
  public static Optional<Path> shipped(String key) {
    Path dir;
    try {
      dir = PackageRoot.find().resolve(FOLDER);
    } catch (RuntimeException e) {
      return Optional.empty(); // no package root: nothing shipped to use
    }
    return key.equals(keyOf(dir)) ? Optional.of(dir) : Optional.empty();
  }

  /** The settings key recorded in DIR, or null when DIR holds no demo model. */
  static String keyOf(Path dir) {
    Path f = dir.resolve(KEY_FILE);
    if (!Files.isRegularFile(f) || !Files.isRegularFile(dir.resolve(ModelFolder.CONFIG))) return null;
    try {
      return JSON.readTree(f.toFile()).path("model_key").asText(null);
    } catch (IOException e) {
      throw new IllegalStateException(f + ": unreadable demo model key: " + e.getMessage(), e);
    }
  }

  /** The figures recorded in DIR when the model was saved (see {@link #save}). */
  static JsonNode figures(Path dir) throws IOException {
    return JSON.readTree(dir.resolve(KEY_FILE).toFile()).path("unseen_street");
  }

  /**
   * Writes the model at CHECKPOINT (trained with SETTINGS, scored in RESULT) to DIR as an inference model folder with
   * its key file and model card. COMMAND is how it was made.
   */
  public static void save(Path checkpoint, Path dir, DemoSettings settings, Demo.Result result, List<String> classes, String command)
      throws IOException {
    ModelFolder.Contents contents = ModelFolder.read(checkpoint);
    try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
      SparseNetwork net = ModelFolder.load(checkpoint, m, ai.djl.ndarray.types.DataType.FLOAT32);
      ModelFolder.write(dir, net, contents.text());
    }
    ObjectNode key = JSON.createObjectNode();
    key.put("model_key", settings.modelKey());
    key.put("settings", describe(settings));
    key.put("command", command);
    ObjectNode street = key.putObject("unseen_street");
    street.put("sweeps", result.played());
    street.put("student_miou", result.student().meanIou());
    street.put("student_miou_teacher_points", result.studentOnTeacherPoints().meanIou());
    street.put("teacher_miou", result.teacher().meanIou());
    ObjectNode iou = street.putObject("student_iou");
    double[] v = result.student().iou();
    for (int c = 0; c < v.length; c++) if (!Double.isNaN(v[c])) iou.put(classes.get(c), v[c]);
    AtomicFiles.writeBytes(dir.resolve(KEY_FILE), JSON.writeValueAsBytes(key));
    AtomicFiles.writeBytes(dir.resolve(CARD), card(settings, result, classes, command).getBytes(StandardCharsets.UTF_8));
  }

  static String describe(DemoSettings s) {
    return "seed=" + s.seed() + ", train_frames=" + s.trainFrames() + ", epochs=" + s.epochs() + ", batch=" + s.batch() + ", sweeps="
        + s.sweeps() + ", " + s.world().describe();
  }

  private static String card(DemoSettings s, Demo.Result r, List<String> classes, String command) {
    SimStudy.World w = s.world();
    StringBuilder c = new StringBuilder();
    c.append("# clip2scene demo model\n\n");
    c.append("A small SPVCNN student that `clip2scene demo` runs in the perception node. It was trained by clip2scene itself, on "
        + "synthetic data only, and is kept here so that the demo needs no training (`--fresh` trains it again).\n\n");
    c.append("- **made by**: `").append(command).append("` (settings key `").append(s.modelKey()).append("`)\n");
    c.append("- **data**: ").append(s.trainFrames()).append(" sweeps of the simulated street of seed ").append(s.seed())
        .append(" (`clip2scene sim`: 32-beam LiDAR, ").append(w.raysPerSweep()).append(" rays per sweep, ").append(w.cameras())
        .append(" cameras ").append(w.width()).append(" px wide), ").append(s.sweeps()).append(" sweeps per sample\n");
    c.append(String.format(Locale.ROOT, "- **teacher**: the simulated teacher, **not CLIP**: the simulator's ground truth per 16 x 16 "
        + "patch, corrupted to about %.0f %% pixel accuracy (boundary bleeding, coherent wrong-class blobs), on the images of "
        + "all %d cameras. The text embeddings are seeded random unit vectors (%d-d), one per nuScenes class, not CLIP's.\n",
        100 * w.teacherAccuracy(), w.cameras(), w.dim()));
    c.append("- **network**: SPVCNN, widths ").append(java.util.Arrays.toString(w.widths())).append(", voxel 0.1 m, ").append(w.dim())
        .append("-d output; no 3D label was used\n");
    c.append("- **training**: the reference losses (cross-entropy to the teacher's labels + point-only spatial-temporal term, S3T from "
        + "epoch ").append(Math.max(1, s.epochs() / 2)).append("), AdamW lr 0.01 cosine, batch ").append(s.batch()).append(", ")
        .append(s.epochs()).append(" epochs, seed ").append(s.seed()).append('\n');
    c.append(String.format(Locale.ROOT, "- **on the unseen street** (seed %d, %d sweeps, played into the perception node over DDS): "
        + "mIoU %.1f on all points; on the points the teacher labels, teacher %.1f, this model %.1f\n", s.seed() + 1, r.played(),
        100 * r.student().meanIou(), 100 * r.teacher().meanIou(), 100 * r.studentOnTeacherPoints().meanIou()));
    c.append("- **per class IoU** (all points): ").append(IouText.perClass(r.student().iou(), classes)).append('\n');
    c.append("\nIt labels the simulated streets of `clip2scene sim`; it has never seen a real sensor and is no model for real data.\n");
    c.append("Files: config.json (network), model.safetensors (weights), text_embeddings.npy + labels.json (classifier), "
        + "demo.json (settings key and figures).\n");
    return c.toString();
  }
}
