package dev.clip2scene.model.clip;

import dev.clip2scene.model.image.Bicubic;

/**
 * The image tower's positional embedding for any patch grid: the class-token row is kept, the square training
 * grid of patch positions is resized bicubically to the requested grid (PyTorch semantics, see {@link Bicubic}).
 */
final class PositionalGrid {
  private final float[] classRow;
  private final float[] grid; // gridSize x gridSize x width
  private final int gridSize;
  private final int width;

  PositionalGrid(float[] embedding, int gridSize, int width) {
    this.gridSize = gridSize;
    this.width = width;
    this.classRow = java.util.Arrays.copyOf(embedding, width);
    this.grid = java.util.Arrays.copyOfRange(embedding, width, embedding.length);
  }

  /** (1 + rows * cols) x width: the class position, then the patch positions in row-major order. */
  float[] forGrid(int rows, int cols) {
    float[] patches = rows == gridSize && cols == gridSize ? grid : Bicubic.resizeChannelsLast(grid, gridSize, gridSize, width, rows, cols);
    float[] out = new float[(1 + rows * cols) * width];
    System.arraycopy(classRow, 0, out, 0, width);
    System.arraycopy(patches, 0, out, width, patches.length);
    return out;
  }
}
