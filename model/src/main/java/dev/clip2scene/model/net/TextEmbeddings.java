package dev.clip2scene.model.net;

import java.util.List;

/** The classifier: one embedding per class name (C x D, row-major), as produced from CLIP's text encoder. */
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
}
