package dev.clip2scene.nodes.pretrain;

import dev.clip2scene.model.io.AtomicFiles;
import dev.clip2scene.model.net.NetworkConfig;
import dev.clip2scene.model.net.TextEmbeddings;
import dev.clip2scene.model.train.PretrainConfig;
import dev.clip2scene.model.train.TeacherSetup;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/** MODEL_DIR/model_card.md: what data, which teacher, which settings, which metrics. */
final class ModelCard {
  private ModelCard() {}

  static void write(Path file, TrainingRun.Request req, NetworkConfig net, TextEmbeddings classifier, int epoch, long step,
      Map<String, Object> metrics, TeacherSetup teacher) throws IOException {
    PretrainConfig c = req.config();
    StringBuilder s = new StringBuilder();
    s.append("# clip2scene model card\n\n");
    s.append("- kind: ").append(req.kind()).append(req.kind().equals("finetune") ? " (" + 100 * req.fraction() + " % of labelled scans, from " + req.initialModel() + ")" : "").append('\n');
    s.append("- data: ").append(req.bags()).append(" (cloud ").append(c.data.cloudTopic).append(", cameras ").append(c.data.cameraTopics)
        .append(", ").append(c.data.sweeps).append(" sweeps)\n");
    if (teacher != null) {
      s.append("- teacher: ").append(teacher.teacher().weightsHash()).append(" (kind ").append(c.teacher.kind).append(", weights ").append(c.teacher.weights)
          .append(", ").append(teacher.describe()).append(", CLIP normalisation ").append(c.teacher.clipNormalize).append(")\n");
    }
    s.append("- classes: ").append(classifier.labels()).append(" (").append(classifier.dim()).append("-d)\n");
    s.append("- network: ").append(net.architecture()).append(", voxel ").append(net.voxelSize()).append(" m, widths ")
        .append(java.util.Arrays.toString(net.widths())).append('\n');
    s.append("- losses: semantic ").append(c.loss.semantic).append(" (tau ").append(c.loss.tau).append("), spatial ").append(c.loss.spatial)
        .append(", S3T ").append(c.loss.s3t).append(" from epoch ").append(c.loss.s3tStartEpoch).append('\n');
    s.append("- optimizer: ").append(c.optim.optimizer).append(" lr ").append(c.optim.lr).append(", cosine, batch ").append(c.train.batchSize)
        .append(", seed ").append(req.seed()).append('\n');
    s.append("- trained: ").append(epoch).append(" of ").append(c.train.epochs).append(" epochs, ").append(step).append(" steps\n");
    s.append("- last epoch: ").append(metrics).append('\n');
    s.append("\nSettings in full: config.yaml. Curves: curves.png.\n");
    AtomicFiles.writeBytes(file, s.toString().getBytes(StandardCharsets.UTF_8));
  }
}
