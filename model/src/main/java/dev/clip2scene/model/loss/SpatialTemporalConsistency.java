package dev.clip2scene.model.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import dev.clip2scene.model.sparse.Rows;
import dev.clip2scene.model.sparse.Scalars;

/**
 * Semantic-guided spatial-temporal consistency (METHOD.md loss 2, CLIP2Scene Eqs. 2-4). The K sweeps are stitched
 * into one cloud and cut into grid cells; each cell takes the majority pseudo-label of its labelled points and
 * builds a fused feature f_n, a softmax-weighted sum of its members' features with weights from their similarity
 * to that label's text embedding; each point then pays 1 - sigmoid(p_i . f_n). Cells without a labelled point
 * have no label to weight by and are skipped. The paper fuses the paired pixel features too
 * ({@link Variant#PAPER}); the reference code fuses point features only ({@link Variant#REFERENCE}).
 */
public final class SpatialTemporalConsistency {
  public enum Variant { PAPER, REFERENCE }

  private final Variant variant;
  private final double cellSize;
  private final int capacity;

  public SpatialTemporalConsistency(Variant variant, double cellSize, int capacity) {
    this.variant = variant;
    this.cellSize = cellSize;
    this.capacity = capacity;
  }

  public static SpatialTemporalConsistency reference() {
    return new SpatialTemporalConsistency(Variant.REFERENCE, GridCells.REFERENCE_CELL_SIZE, GridCells.REFERENCE_CAPACITY);
  }

  /**
   * @param points N x D features of the stitched cloud's points
   * @param xyz the stitched cloud, x, y, z interleaved (N points, in one frame)
   * @param labels N pseudo-labels, {@link PseudoLabels#IGNORE} where unpaired
   * @param text C x D text embeddings
   * @param pixels N x D features of each point's paired pixel (rows of unpaired points are ignored); required for
   *     {@link Variant#PAPER}, unused for {@link Variant#REFERENCE} (may be null)
   */
  public NDArray loss(NDArray points, float[] xyz, int[] labels, NDArray text, NDArray pixels) {
    int n = (int) points.getShape().get(0);
    int dim = (int) points.getShape().get(1);
    if (xyz.length != 3 * n) throw new IllegalArgumentException(xyz.length / 3 + " coordinates for " + n + " point features");
    PseudoLabels.check(labels, n, (int) text.getShape().get(0));
    if (variant == Variant.PAPER && (pixels == null || !pixels.getShape().equals(points.getShape()))) {
      throw new IllegalArgumentException("the paper variant needs pixel features shaped like the point features "
          + points.getShape() + ", got " + (pixels == null ? "none" : pixels.getShape()));
    }
    GridCells cells = GridCells.of(xyz, cellSize, capacity);
    int k = capacity;
    // keep labelled cells only, with their majority label
    int[] cellLabel = new int[cells.cellCount()];
    int kept = 0;
    int[] keptCells = new int[cells.cellCount()];
    for (int c = 0; c < cells.cellCount(); c++) {
      int label = majority(cells, c, labels);
      if (label == PseudoLabels.IGNORE) continue;
      keptCells[kept] = c;
      cellLabel[kept++] = label;
    }
    if (kept == 0) return Scalars.zeroFrom(points);

    long[] index = new long[kept * k];
    float[] pointMask = new float[kept * k];
    float[] pixelMask = new float[kept * k];
    long[] textRows = new long[kept];
    for (int j = 0; j < kept; j++) {
      textRows[j] = cellLabel[j];
      for (int s = 0; s < k; s++) {
        int p = cells.member(keptCells[j], s);
        if (p < 0) continue;
        index[j * k + s] = p;
        pointMask[j * k + s] = 1f;
        if (labels[p] != PseudoLabels.IGNORE) pixelMask[j * k + s] = 1f;
      }
    }
    NDManager m = points.getManager();
    Shape cellShape = new Shape(kept, k);
    NDArray idx = m.create(index);
    NDArray maskP = m.create(pointMask, cellShape).toType(points.getDataType(), false);
    NDArray members = Rows.gather(points, idx).reshape(kept, k, dim); // ordered backward over duplicate indices
    NDArray memberMask = maskP;
    NDArray allMembers = members;
    if (variant == Variant.PAPER) {
      NDArray maskX = m.create(pixelMask, cellShape).toType(points.getDataType(), false);
      allMembers = NDArrays.concat(new NDList(members, pixels.get(idx).reshape(kept, k, dim)), 1);
      memberMask = NDArrays.concat(new NDList(maskP, maskX), 1);
    }
    NDArray cellText = text.get(m.create(textRows)).expandDims(1); // kept x 1 x D
    NDArray similarity = allMembers.mul(cellText).sum(new int[] {2});
    NDArray weights = similarity.add(memberMask.sub(1).mul(-Masks.MASKED)).softmax(1).mul(memberMask);
    NDArray fused = allMembers.mul(weights.expandDims(2)).sum(new int[] {1}); // kept x D
    NDArray agreement = members.mul(fused.expandDims(1)).sum(new int[] {2}); // kept x k
    NDArray perPoint = Activation.sigmoid(agreement).neg().add(1).mul(maskP);
    return perPoint.sum().div(maskP.sum());
  }

  /** The most frequent label among the cell's labelled points (lowest id on ties), or IGNORE if none. */
  private static int majority(GridCells cells, int cell, int[] labels) {
    int best = PseudoLabels.IGNORE;
    int bestCount = 0;
    int[] votes = new int[cells.capacity()];
    int[] counts = new int[cells.capacity()];
    int distinct = 0;
    for (int s = 0; s < cells.capacity(); s++) {
      int p = cells.member(cell, s);
      if (p < 0 || labels[p] == PseudoLabels.IGNORE) continue;
      int y = labels[p];
      int at = 0;
      while (at < distinct && votes[at] != y) at++;
      if (at == distinct) votes[distinct++] = y;
      counts[at]++;
    }
    for (int v = 0; v < distinct; v++) {
      if (counts[v] > bestCount || (counts[v] == bestCount && votes[v] < best)) {
        best = votes[v];
        bestCount = counts[v];
      }
    }
    return best;
  }
}
