package dev.clip2scene.nodes.cli.pretrain;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clip2scene.model.io.AtomicFiles;
import dev.clip2scene.model.net.ModelFolder;
import dev.clip2scene.model.net.SparseNetwork;
import dev.clip2scene.model.net.TextEmbeddings;
import dev.clip2scene.model.voxel.CropBox;
import dev.clip2scene.model.train.Evaluation;
import dev.clip2scene.model.train.PretrainConfig;
import dev.clip2scene.nodes.pretrain.Charts;
import dev.clip2scene.nodes.pretrain.SampleIndex;
import dev.clip2scene.nodes.pretrain.SampleLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code clip2scene eval --model M --bag B [--json]}. */
@Command(name = "eval", mixinStandardHelpOptions = true,
    description = {"Per-class IoU, mIoU and confusion matrix of a model on the labelled clouds of bags (a 'label' field, "
        + "255 = ignore): argmax of point features . the model's classifier (text embeddings: annotation-free; a "
        + "fine-tuned head). Writes OUT/eval.json and OUT/confusion.png."})
public final class EvalCommand implements Callable<Integer> {
  @CommandLine.Option(names = "--model", required = true, paramLabel = "M", description = "model folder or run directory")
  Path model;

  @CommandLine.Option(names = "--bag", required = true, paramLabel = "BAG", description = "bag with labelled clouds; repeat for several")
  List<Path> bags;

  @CommandLine.Option(names = "--config", paramLabel = "FILE", description = "YAML settings for the data section (topics, crop box)")
  Path config;

  @CommandLine.Option(names = "--out", paramLabel = "DIR", description = "where eval.json and confusion.png go (default: M/eval, or M.eval for a bare model folder)")
  Path out;

  @CommandLine.Mixin dev.clip2scene.nodes.cli.InferenceOptions inference;

  @CommandLine.Option(names = "--json", description = "print {miou, per_class:{...}, ...} as JSON")
  boolean json;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Path folder = ModelPaths.folder(model);
    Path stored = folder.getParent() == null ? null : folder.getParent().resolve("config.yaml");
    PretrainConfig c = config != null ? PretrainConfig.read(config)
        : !folder.equals(model) && Files.exists(stored) ? PretrainConfig.read(stored) : new PretrainConfig();
    c.data.sweeps = 1;
    c.data.cameraTopics = List.of();
    c.data.cameraInfoTopics = List.of();
    Path dir = out != null ? out : folder.equals(model) ? model.resolveSibling(model.getFileName() + ".eval") : model.resolve("eval");
    Files.createDirectories(dir);
    Evaluation.Result r;
    try (NDManager m = NDManager.newBaseManager();
        SampleLoader samples = SampleLoader.forBags(bags, c.data, dir.resolve(SampleIndex.FILE), false, w -> spec.commandLine().getErr().println(w))) {
      TextEmbeddings text = ModelFolder.read(folder).text();
      if (text == null) throw new IllegalArgumentException(folder + " holds no classifier (text_embeddings.npy)");
      SparseNetwork net = ModelFolder.load(folder, m, DataType.FLOAT32);
      float[] b = c.data.cropBox;
      r = Evaluation.run(net, text, samples, new CropBox(b[0], b[1], b[2], b[3], b[4], b[5]), inference.choice(spec));
    }
    if (r == null) throw new IllegalArgumentException("no labelled clouds (field '" + c.data.labelField + "') in " + bags);
    Map<String, Object> j = r.json();
    ObjectMapper mapper = new ObjectMapper();
    AtomicFiles.writeBytes(dir.resolve("eval.json"), mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(j));
    Charts.confusion(dir.resolve("confusion.png"), r.matrix(), r.classes());
    var w = spec.commandLine().getOut();
    if (json) {
      w.println(mapper.writeValueAsString(j));
    } else {
      double[] iou = r.matrix().iou();
      for (int i = 0; i < r.classes().size(); i++) {
        w.printf(Locale.ROOT, "  %-20s %s%n", r.classes().get(i), Double.isNaN(iou[i]) ? "   -" : String.format(Locale.ROOT, "%6.2f", 100 * iou[i]));
      }
      w.printf(Locale.ROOT, "mIoU %.2f over %d scans (%d points; %d outside the crop box); %s%n", 100 * r.matrix().meanIou(), r.scans(), r.scored(), r.outsideCrop(), dir);
    }
    return 0;
  }
}
