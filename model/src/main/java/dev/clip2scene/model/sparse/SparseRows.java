package dev.clip2scene.model.sparse;

/** A sparse rows x cols matrix as coordinate triples; used as a differentiable gather/average via a COO product. */
public record SparseRows(int rows, int cols, int[] row, int[] col, float[] value) {
  public int nonZeros() {
    return row.length;
  }
}
