package dev.clip2scene.model.clip;

import dev.clip2scene.model.net.TextEmbeddings;
/**
 * Per-patch CLIP features: BATCH x GRID_HEIGHT x GRID_WIDTH x DIM float32, row-major, not normalised (as MaskCLIP
 * produces them).
 */
public record DenseFeatures(int batch, int gridHeight, int gridWidth, int dim, float[] values) {
  public DenseFeatures {
    if ((long) batch * gridHeight * gridWidth * dim != values.length) {
      throw new IllegalArgumentException(values.length + " values for " + batch + " x " + gridHeight + " x " + gridWidth + " x " + dim);
    }
  }

  /** The features of image I, GRID_HEIGHT x GRID_WIDTH x DIM. */
  public float[] image(int i) {
    int n = gridHeight * gridWidth * dim;
    float[] out = new float[n];
    System.arraycopy(values, i * n, out, 0, n);
    return out;
  }

  /**
   * Cosine similarity of every patch feature with every (L2-normalised) text embedding: BATCH x GRID_HEIGHT x
   * GRID_WIDTH x classes.
   */
  public float[] cosineLogits(TextEmbeddings text) {
    if (text.dim() != dim) {
      throw new IllegalArgumentException("text embeddings have dimension " + text.dim() + ", image features " + dim
          + ": they come from different CLIP models");
    }
    int tokens = batch * gridHeight * gridWidth;
    int classes = text.classes();
    float[] out = new float[tokens * classes];
    float[] rows = text.normalized();
    for (int t = 0; t < tokens; t++) {
      double norm = 0;
      for (int d = 0; d < dim; d++) norm += (double) values[t * dim + d] * values[t * dim + d];
      double inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
      for (int c = 0; c < classes; c++) {
        double dot = 0;
        for (int d = 0; d < dim; d++) dot += (double) values[t * dim + d] * rows[c * dim + d];
        out[t * classes + c] = (float) (dot * inv);
      }
    }
    return out;
  }
}
