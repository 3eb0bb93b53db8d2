package dev.clip2scene.model.geometry;

import java.util.ArrayList;
import java.util.List;

/**
 * The one point-to-pixel pairing routine shared by training and the perception node: a point pairs with a pixel of a
 * camera when it projects inside that camera's raw image with depth greater than the minimum depth (1 m in the
 * paper), and, when occlusion testing is on, its depth is within the tolerance of the z-buffer there (the camera's
 * depth image when the view has one, else the nearest projected point per cell). Holds scratch buffers, so use one
 * instance per thread.
 */
public final class PointPairing {
  /** The paper's minimum depth for a pair, in metres. */
  public static final double DEFAULT_MIN_DEPTH = 1.0;
  /** The ScanNet variant's depth-map tolerance, in metres. */
  public static final double SCANNET_OCCLUSION_TOLERANCE = 0.05;

  private final double minDepth;
  private final double occlusionTolerance;
  private final int zBufferCell;
  private final Projection projection = new Projection();
  private final List<DepthBuffer> buffers = new ArrayList<>();

  /**
   * MIN_DEPTH in metres; OCCLUSION_TOLERANCE in metres, or NaN to turn occlusion testing off; Z_BUFFER_CELL the cell
   * size in pixels of the z-buffer built from points (depth images are always used at full resolution).
   */
  public PointPairing(double minDepth, double occlusionTolerance, int zBufferCell) {
    if (!(minDepth >= 0)) throw new IllegalArgumentException("minimum depth must be >= 0, got " + minDepth);
    if (occlusionTolerance < 0) throw new IllegalArgumentException("negative occlusion tolerance " + occlusionTolerance);
    if (zBufferCell <= 0) throw new IllegalArgumentException("z-buffer cell must be positive, got " + zBufferCell);
    this.minDepth = minDepth;
    this.occlusionTolerance = occlusionTolerance;
    this.zBufferCell = zBufferCell;
  }

  /** Pairing with the paper's settings: depth > 1 m, no occlusion test. */
  public PointPairing() {
    this(DEFAULT_MIN_DEPTH, Double.NaN, 1);
  }

  public boolean occlusionTesting() {
    return !Double.isNaN(occlusionTolerance);
  }

  /**
   * Pairs COUNT points (x, y, z first in each STRIDE-float record of POINTS, in the cloud's frame) with the pixels of
   * CAMERAS, writing into OUT (cleared first). Returns OUT.
   */
  public PointPixelPairs pair(float[] points, int stride, int count, List<CameraView> cameras, PointPixelPairs out) {
    out.clear();
    for (int c = 0; c < cameras.size(); c++) {
      CameraView view = cameras.get(c);
      CameraModel model = view.model();
      model.project(points, stride, count, view.cloudToCamera(), minDepth, projection);
      if (occlusionTesting()) occlude(c, view);
      for (int i = 0; i < count; i++) {
        if (projection.valid(i)) out.add(i, c, projection.u(i), projection.v(i), projection.depth(i));
      }
    }
    return out;
  }

  private void occlude(int c, CameraView view) {
    while (buffers.size() <= c) buffers.add(null);
    int cell = view.depthImage() != null ? 1 : zBufferCell;
    DepthBuffer b = buffers.get(c);
    if (b == null || b.width() != view.model().width() || b.height() != view.model().height() || b.cell() != cell) {
      b = new DepthBuffer(view.model().width(), view.model().height(), cell);
      buffers.set(c, b);
    }
    if (view.depthImage() != null) {
      b.load(view.depthImage());
    } else {
      b.clear();
      b.splat(projection);
    }
    b.occlude(projection, occlusionTolerance);
  }
}
