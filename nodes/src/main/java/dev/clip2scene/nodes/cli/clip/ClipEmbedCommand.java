package dev.clip2scene.nodes.cli.clip;

import dev.clip2scene.model.clip.ClipModel;
import dev.clip2scene.model.clip.TextEmbeddingsFolder;
import dev.clip2scene.model.net.TextEmbeddings;
import dev.clip2scene.model.clip.Vocabulary;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code clip2scene clip embed}: prompt-ensembled text embeddings of a vocabulary. */
@Command(name = "embed", mixinStandardHelpOptions = true,
    description = "Encode a vocabulary with CLIP's text tower (prompt ensemble) into DIR/text_embeddings.npy "
        + "(classes x dim, rows L2-normalised) and DIR/vocab.json.")
final class ClipEmbedCommand implements Callable<Integer> {
  @CommandLine.Mixin ClipModelOptions clip;

  @CommandLine.Option(names = "--vocab", required = true, paramLabel = "FILE|NAME",
      description = "class names, one per line, or a bundled vocabulary: nuscenes, semantickitti, scannet")
  String vocab;

  @CommandLine.Mixin OutputOptions output = new OutputOptions();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Vocabulary vocabulary = Vocabulary.resolve(vocab);
    ClipModelOptions.TextInputs text = clip.textInputs();
    TextEmbeddings embeddings;
    try (ClipModel model = clip.load()) {
      embeddings = text.embed(model, vocabulary);
    }
    TextEmbeddingsFolder.write(output.dir, embeddings);
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("classes", embeddings.classes());
    summary.put("dim", embeddings.dim());
    summary.put("vocabulary", vocabulary.source());
    summary.put("embeddings", output.dir.resolve(TextEmbeddingsFolder.EMBEDDINGS).toString());
    summary.put("vocab", output.dir.resolve(TextEmbeddingsFolder.VOCAB).toString());
    PrintWriter o = spec.commandLine().getOut();
    output.report(o, summary, () -> o.printf("%d classes x %d written to %s%n", embeddings.classes(), embeddings.dim(), output.dir));
    return 0;
  }
}
