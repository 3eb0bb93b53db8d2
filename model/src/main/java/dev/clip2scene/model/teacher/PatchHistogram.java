package dev.clip2scene.model.teacher;

import dev.clip2scene.model.loss.PseudoLabels;

/**
 * How many pixels of each true class every patch of a grid over an image holds (pixels without a class left out).
 * Pixel (x, y) of a w x h image lies in patch (x * gridWidth / w, y * gridHeight / h).
 *
 * @param counts patch-major: counts[cell * classes + c]
 * @param labelled the pixels with a class, over the whole image
 */
record PatchHistogram(int gridWidth, int gridHeight, int classes, int[] counts, long labelled) {
  /** The histogram of TRUTH (image resolution, IGNORE where no class) on a GRID_WIDTH x GRID_HEIGHT grid. */
  static PatchHistogram of(PixelLabels truth, int gridWidth, int gridHeight, int classes) {
    int w = truth.width(), h = truth.height();
    int[] counts = new int[gridWidth * gridHeight * classes];
    long labelled = 0;
    int[] t = truth.labels();
    for (int y = 0; y < h; y++) {
      int row = (int) ((long) y * gridHeight / h) * gridWidth;
      for (int x = 0; x < w; x++) {
        int c = t[y * w + x];
        if (c == PseudoLabels.IGNORE) continue;
        if (c < 0 || c >= classes) {
          throw new IllegalArgumentException("ground truth pixel (" + x + ", " + y + ") has class " + c + ", the teacher knows " + classes);
        }
        counts[(row + (int) ((long) x * gridWidth / w)) * classes + c]++;
        labelled++;
      }
    }
    return new PatchHistogram(gridWidth, gridHeight, classes, counts, labelled);
  }

  int count(int cell, int c) {
    return counts[cell * classes + c];
  }

  /** The pixels of CELL that have a class. */
  int total(int cell) {
    int n = 0;
    for (int c = 0; c < classes; c++) n += counts[cell * classes + c];
    return n;
  }
}
