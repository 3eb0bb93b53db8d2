package dev.clip2scene.nodes.cli.clip;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clip2scene.model.clip.ClipModel;
import dev.clip2scene.model.clip.ClipPreprocessor;
import dev.clip2scene.model.clip.DenseFeatures;
import dev.clip2scene.model.net.TextEmbeddings;
import dev.clip2scene.model.clip.Vocabulary;
import dev.clip2scene.model.image.RgbImage;
import dev.clip2scene.model.io.AtomicFiles;
import dev.clip2scene.model.io.Npy;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code clip2scene clip dense}: MaskCLIP features of one image, with logits and pseudo-labels for a vocabulary. */
@Command(name = "dense", mixinStandardHelpOptions = true,
    description = {"MaskCLIP dense features of an image: DIR/dense.npy (grid_h x grid_w x dim, not normalised); with "
        + "--vocab also DIR/logits.npy (grid_h x grid_w x classes, cosine similarities), DIR/labels.png (pseudo-labels "
        + "over the image) and DIR/labels.json (legend: class, colour, pixel share)."})
final class ClipDenseCommand implements Callable<Integer> {
  @CommandLine.Mixin ClipModelOptions clip;

  @CommandLine.Option(names = "--image", required = true, paramLabel = "FILE", description = "PNG or JPEG image")
  Path image;

  @CommandLine.Option(names = "--size", paramLabel = "HxW", converter = ImageSize.Converter.class,
      description = "resize to HxW (multiples of the patch size) first; default: the image size rounded to the nearest multiples")
  ImageSize size;

  @CommandLine.Option(names = "--vocab", paramLabel = "FILE|NAME",
      description = "class names, one per line, or a bundled vocabulary: nuscenes, semantickitti, scannet")
  String vocab;

  @CommandLine.Option(names = "--no-normalize", description = "skip CLIP's mean/std normalisation (pixels / 255 only, as the CLIP2Scene reference code)")
  boolean noNormalize;

  @CommandLine.Mixin OutputOptions output = new OutputOptions();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Vocabulary vocabulary = vocab != null ? Vocabulary.resolve(vocab) : null;
    ClipModelOptions.TextInputs textInputs = vocabulary != null ? clip.textInputs() : null;
    RgbImage rgb = ImageFiles.read(image);
    Files.createDirectories(output.dir);
    Map<String, Object> summary = new LinkedHashMap<>();
    List<String> notes = new ArrayList<>();
    try (ClipModel model = clip.load()) {
      int patch = model.image().config().patchSize();
      ImageSize target = size != null ? size : new ImageSize(roundTo(rgb.height(), patch), roundTo(rgb.width(), patch));
      if (target.height() % patch != 0 || target.width() % patch != 0) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--size " + target + " is not a multiple of the patch size " + patch);
      }
      if (size == null && (target.height() != rgb.height() || target.width() != rgb.width())) {
        notes.add("resized " + rgb.height() + "x" + rgb.width() + " to " + target + " (multiples of the patch size " + patch + ")");
      }
      ClipPreprocessor pre = new ClipPreprocessor(target.height(), target.width(), !noNormalize);
      DenseFeatures dense = model.image().dense(pre.apply(List.of(rgb)));
      int rows = dense.gridHeight();
      int cols = dense.gridWidth();
      Npy.writeFloats(output.dir.resolve("dense.npy"), new long[] {rows, cols, dense.dim()}, dense.image(0));
      summary.put("grid", List.of(rows, cols));
      summary.put("dim", dense.dim());
      summary.put("input", target.toString());
      summary.put("clip_normalization", pre.normalizes());
      summary.put("dense", output.dir.resolve("dense.npy").toString());
      if (vocabulary != null) {
        TextEmbeddings text = textInputs.embed(model, vocabulary);
        writeLabels(rgb, dense, text, summary);
      }
    }
    summary.put("notes", notes);
    PrintWriter o = spec.commandLine().getOut();
    output.report(o, summary, () -> {
      notes.forEach(n -> o.println("note: " + n));
      o.printf("dense features %s x %s written to %s%n", summary.get("grid"), summary.get("dim"), output.dir);
      if (summary.get("legend") instanceof List<?> legend) {
        for (Object entry : legend) {
          Map<?, ?> e = (Map<?, ?>) entry;
          o.printf("  %-24s %s %6.2f%%%n", e.get("name"), e.get("color"), 100 * ((Number) e.get("share")).doubleValue());
        }
      }
    });
    return 0;
  }

  private void writeLabels(RgbImage rgb, DenseFeatures dense, TextEmbeddings text, Map<String, Object> summary) throws Exception {
    int classes = text.classes();
    float[] logits = dense.cosineLogits(text);
    Npy.writeFloats(output.dir.resolve("logits.npy"), new long[] {dense.gridHeight(), dense.gridWidth(), classes}, logits);
    LabelOverlay overlay = LabelOverlay.of(rgb, logits, dense.gridHeight(), dense.gridWidth(), classes);
    ImageFiles.writePng(output.dir.resolve("labels.png"), overlay.image());
    double[] shares = overlay.shares();
    List<Map<String, Object>> legend = new ArrayList<>();
    for (int c = 0; c < classes; c++) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("id", c);
      entry.put("name", text.labels().get(c));
      entry.put("color", ClassPalette.hex(c));
      entry.put("share", Math.round(shares[c] * 1e4) / 1e4);
      legend.add(entry);
    }
    AtomicFiles.writeBytes(output.dir.resolve("labels.json"), new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(legend));
    summary.put("logits", output.dir.resolve("logits.npy").toString());
    summary.put("labels", output.dir.resolve("labels.png").toString());
    summary.put("legend", legend);
  }

  private static int roundTo(int value, int multiple) {
    return Math.max(multiple, Math.round(value / (float) multiple) * multiple);
  }
}
