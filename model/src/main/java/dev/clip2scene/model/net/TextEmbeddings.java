package dev.clip2scene.model.net;

import java.util.List;

/**
 * The classifier of open-vocabulary segmentation: one text embedding per class name (C x D, row-major), as CLIP's
 * text encoder makes them ({@code PromptEnsemble} rows are L2-normalised), a fine-tuned head, or stand-ins.
 */
public record TextEmbeddings(List<String> labels, int dim, float[] values) {
  public TextEmbeddings {
    labels = List.copyOf(labels);
    if (labels.isEmpty()) throw new IllegalArgumentException("no classes");
    if (dim < 1 || values.length != labels.size() * dim) {
      throw new IllegalArgumentException(labels.size() + " classes x " + dim + " dims need " + labels.size() * dim + " values, got " + values.length);
    }
    for (float v : values) if (!Float.isFinite(v)) throw new IllegalArgumentException("text embeddings contain NaN or infinity");
  }

  public int classes() {
    return labels.size();
  }

  /** The rows scaled to unit length (a zero row stays zero). */
  public float[] normalized() {
    float[] out = values.clone();
    for (int c = 0; c < classes(); c++) normalizeRow(out, c * dim, dim);
    return out;
  }

  /** Scales VALUES[offset, offset + length) to unit length (a zero row stays zero). */
  public static void normalizeRow(float[] values, int offset, int length) {
    double norm = 0;
    for (int i = 0; i < length; i++) norm += (double) values[offset + i] * values[offset + i];
    if (norm == 0) return;
    double inv = 1 / Math.sqrt(norm);
    for (int i = 0; i < length; i++) values[offset + i] = (float) (values[offset + i] * inv);
  }
}
