package dev.clip2scene.nodes.perception;

import ai.djl.Device;
import dev.clip2scene.model.clip.ClipHints;
import dev.clip2scene.model.clip.ClipModel;
import dev.clip2scene.model.clip.ClipTokenizer;
import dev.clip2scene.model.clip.PromptEnsemble;
import dev.clip2scene.model.clip.PromptTemplates;
import dev.clip2scene.model.clip.TokenizerFiles;
import dev.clip2scene.model.clip.Vocabulary;
import dev.clip2scene.model.net.TextEmbeddings;
import dev.clip2scene.msgs.clip2scene.VocabularyUpdate;
import java.nio.file.Path;

/**
 * Turns a VocabularyUpdate into new text embeddings with CLIP's text tower (prompt ensemble). CLIP is loaded on the
 * first update and kept. Only exists when CLIP weights are configured.
 */
final class VocabularyEmbedder implements AutoCloseable {
  private final Path weights;
  private final Path tokenizer;
  private ClipModel model;

  VocabularyEmbedder(Path weights, Path tokenizer) {
    this.weights = weights;
    this.tokenizer = tokenizer;
  }

  Classifier embed(VocabularyUpdate update, int networkDim) {
    if (update.classNames().isEmpty()) throw new IllegalArgumentException("the update has no class names");
    if (model == null) model = ClipModel.load(weights, new ClipHints(null, null, null), Device.cpu());
    PromptTemplates templates = update.promptTemplates().isEmpty() ? PromptTemplates.bundled()
        : new PromptTemplates(update.promptTemplates(), "VocabularyUpdate");
    ClipTokenizer tok = new ClipTokenizer(TokenizerFiles.load(tokenizer != null ? tokenizer : weights.toAbsolutePath().getParent()),
        model.text().config().contextLength());
    TextEmbeddings t = new PromptEnsemble(model.text(), tok, templates)
        .embed(new Vocabulary(update.classNames(), "VocabularyUpdate"));
    return Classifier.checked(t, "CLIP " + weights, networkDim);
  }

  @Override
  public void close() {
    if (model != null) model.close();
  }
}
