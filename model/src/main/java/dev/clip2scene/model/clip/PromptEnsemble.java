package dev.clip2scene.model.clip;

import dev.clip2scene.model.net.TextEmbeddings;
/**
 * Text embeddings by prompt ensembling: for each class, encode every filled template, L2-normalise each, average
 * them and L2-normalise the mean.
 */
public final class PromptEnsemble {
  private final ClipTextEncoder encoder;
  private final ClipTokenizer tokenizer;
  private final PromptTemplates templates;

  public PromptEnsemble(ClipTextEncoder encoder, ClipTokenizer tokenizer, PromptTemplates templates) {
    if (tokenizer.contextLength() != encoder.config().contextLength()) {
      throw new IllegalArgumentException("tokenizer context " + tokenizer.contextLength() + " differs from the text tower's "
          + encoder.config().contextLength());
    }
    this.encoder = encoder;
    this.tokenizer = tokenizer;
    this.templates = templates;
  }

  public TextEmbeddings embed(Vocabulary vocabulary) {
    int classes = vocabulary.classes().size();
    float[] rows = null;
    int dim = 0;
    for (int c = 0; c < classes; c++) {
      float[] features = encoder.encode(tokenizer.tokenize(templates.fill(vocabulary.classes().get(c))));
      int prompts = templates.templates().size();
      dim = features.length / prompts;
      if (rows == null) rows = new float[classes * dim];
      double[] mean = new double[dim];
      for (int p = 0; p < prompts; p++) {
        TextEmbeddings.normalizeRow(features, p * dim, dim);
        for (int d = 0; d < dim; d++) mean[d] += features[p * dim + d];
      }
      for (int d = 0; d < dim; d++) rows[c * dim + d] = (float) (mean[d] / prompts);
      TextEmbeddings.normalizeRow(rows, c * dim, dim);
    }
    return new TextEmbeddings(vocabulary.classes(), dim, rows);
  }
}
