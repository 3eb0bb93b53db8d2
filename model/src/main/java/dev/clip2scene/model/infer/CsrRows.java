package dev.clip2scene.model.infer;

import dev.clip2scene.model.sparse.SparseRows;

/** A sparse matrix with its entries grouped by row (stable), so each output row is one contiguous run. */
record CsrRows(int[] start, int[] col, float[] value) {
  static CsrRows of(SparseRows m) {
    int[] start = new int[m.rows() + 1];
    for (int r : m.row()) start[r + 1]++;
    for (int r = 0; r < m.rows(); r++) start[r + 1] += start[r];
    int[] fill = java.util.Arrays.copyOf(start, m.rows());
    int[] col = new int[m.nonZeros()];
    float[] value = new float[m.nonZeros()];
    for (int i = 0; i < m.nonZeros(); i++) {
      int p = fill[m.row()[i]]++;
      col[p] = m.col()[i];
      value[p] = m.value()[i];
    }
    return new CsrRows(start, col, value);
  }
}
