package dev.clip2scene.model.loss;

import ai.djl.ndarray.NDArray;
import dev.clip2scene.model.sparse.Scalars;

/**
 * The indoor (ScanNet) form of the consistency term: 1 - cos(pixel feature, point feature), averaged over the
 * points that have a paired pixel.
 */
public final class FeatureCosineConsistency {
  private static final double EPS = 1e-8;

  /**
   * @param points N x D point features
   * @param pixels N x D features of each point's paired pixel
   * @param labels N pseudo-labels; only their pairing (not IGNORE) matters here
   */
  public NDArray loss(NDArray points, NDArray pixels, int[] labels) {
    if (!points.getShape().equals(pixels.getShape())) {
      throw new IllegalArgumentException("point features " + points.getShape() + " and pixel features "
          + pixels.getShape() + " differ in shape");
    }
    int n = (int) points.getShape().get(0);
    if (labels.length != n) throw new IllegalArgumentException(labels.length + " labels for " + n + " points");
    int paired = Masks.labelled(labels);
    if (paired == 0) return Scalars.zeroFrom(points);
    float[] mask = new float[n];
    for (int i = 0; i < n; i++) mask[i] = labels[i] == PseudoLabels.IGNORE ? 0f : 1f;
    NDArray valid = points.getManager().create(mask).toType(points.getDataType(), false);
    NDArray dot = points.mul(pixels).sum(new int[] {1});
    NDArray norms = points.norm(new int[] {1}).mul(pixels.norm(new int[] {1})).maximum(Scalars.of(points, EPS));
    return dot.div(norms).neg().add(1).mul(valid).sum().div(Scalars.of(points, paired));
  }
}
