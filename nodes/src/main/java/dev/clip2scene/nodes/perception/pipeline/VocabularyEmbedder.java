package dev.clip2scene.nodes.perception.pipeline;

import dev.clip2scene.model.clip.ClipModel;
import dev.clip2scene.model.clip.ClipTokenizer;
import dev.clip2scene.model.clip.PromptEnsemble;
import dev.clip2scene.model.clip.PromptTemplates;
import dev.clip2scene.model.clip.TokenizerFiles;
import dev.clip2scene.model.clip.Vocabulary;
import dev.clip2scene.model.net.TextEmbeddings;
import dev.clip2scene.msgs.clip2scene.VocabularyUpdate;

/** Turns a VocabularyUpdate into new text embeddings with CLIP's text tower (prompt ensemble). */
public final class VocabularyEmbedder {
  private final ClipWeights clip;

  public VocabularyEmbedder(ClipWeights clip) {
    this.clip = clip;
  }

  public Classifier embed(VocabularyUpdate update, int networkDim) {
    if (update.classNames().isEmpty()) throw new IllegalArgumentException("the update has no class names");
    ClipModel model = clip.model();
    PromptTemplates templates = update.promptTemplates().isEmpty() ? PromptTemplates.bundled()
        : new PromptTemplates(update.promptTemplates(), "VocabularyUpdate");
    ClipTokenizer tok = new ClipTokenizer(TokenizerFiles.load(clip.tokenizer()), model.text().config().contextLength());
    TextEmbeddings t = new PromptEnsemble(model.text(), tok, templates)
        .embed(new Vocabulary(update.classNames(), "VocabularyUpdate"));
    return Classifier.checked(t, "CLIP " + clip.weights(), networkDim);
  }
}
