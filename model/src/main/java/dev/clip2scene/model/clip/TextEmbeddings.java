package dev.clip2scene.model.clip;

import java.util.List;

/**
 * The classifier of open-vocabulary segmentation: one text embedding per class, CLASSES x DIM row-major. Rows
 * made by {@link PromptEnsemble} are L2-normalised.
 */
public record TextEmbeddings(List<String> classes, int dim, float[] rows) {
  public TextEmbeddings {
    classes = List.copyOf(classes);
    if ((long) classes.size() * dim != rows.length) {
      throw new IllegalArgumentException(rows.length + " values for " + classes.size() + " classes x " + dim);
    }
  }

  /** The rows scaled to unit length (a zero row stays zero). */
  public float[] normalized() {
    float[] out = rows.clone();
    for (int c = 0; c < classes.size(); c++) normalizeRow(out, c * dim, dim);
    return out;
  }

  static void normalizeRow(float[] values, int offset, int length) {
    double norm = 0;
    for (int i = 0; i < length; i++) norm += (double) values[offset + i] * values[offset + i];
    if (norm == 0) return;
    double inv = 1 / Math.sqrt(norm);
    for (int i = 0; i < length; i++) values[offset + i] = (float) (values[offset + i] * inv);
  }
}
