package dev.clip2scene.model.clip;

/** Row-major float matrix helpers for weight layouts. */
final class Matrices {
  private Matrices() {}

  /** The transpose of M (ROWS x COLS, row-major): COLS x ROWS. */
  static float[] transpose(float[] m, int rows, int cols) {
    float[] t = new float[m.length];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) t[c * rows + r] = m[r * cols + c];
    }
    return t;
  }
}
