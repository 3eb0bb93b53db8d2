package dev.clip2scene.nodes.perception.pipeline;

import dev.clip2scene.model.fusion.FusionMode;
import java.util.ArrayList;
import java.util.List;

/**
 * What the perception pipeline does with each cloud. The cameras and whether overlays exist are fixed when the
 * pipeline is built (they decide what the node subscribes and publishes); every other value may change between clouds
 * through {@link PerceptionPipeline#update}.
 *
 * @param cameraTopics image topics (fixed)
 * @param overlays paint the labels over each camera's paired images (fixed)
 * @param targetFrame frame the network sees the points in ("" = the cloud's own frame)
 * @param tfWaitS how long a cloud waits for its transform to the target frame
 * @param pairingToleranceS a cloud pairs with a camera's image at most this far apart in time
 * @param fusion how image features combine with the 3D network's
 * @param fusionMaxRateHz at most this many teacher runs per camera per second of data time
 * @param fusionImageHeight the teacher's input height in pixels (width keeps the aspect; both rounded to its patch)
 * @param overlayMaxRateHz at most this many overlays per camera per second of data time
 * @param overlayPointSize side of the square painted per point, in pixels
 * @param occlusionCellPx cell size of the z-buffer built from the points for the occlusion test, in pixels
 * @param occlusionToleranceM a point is hidden when it lies this much behind the nearest point of its cell
 */
public record PipelineSettings(
    List<String> cameraTopics,
    boolean overlays,
    String targetFrame,
    double tfWaitS,
    double pairingToleranceS,
    FusionMode fusion,
    double fusionMaxRateHz,
    int fusionImageHeight,
    double overlayMaxRateHz,
    int overlayPointSize,
    int occlusionCellPx,
    double occlusionToleranceM) {

  public PipelineSettings {
    cameraTopics = List.copyOf(cameraTopics);
    require(tfWaitS >= 0 && Double.isFinite(tfWaitS), "tf_wait_s must be >= 0");
    require(pairingToleranceS >= 0 && Double.isFinite(pairingToleranceS), "pairing_tolerance_s must be >= 0");
    require(fusionMaxRateHz > 0, "fusion_max_rate_hz must be > 0");
    require(fusionImageHeight >= 16, "fusion_image_height must be >= 16");
    require(overlayMaxRateHz > 0, "overlay_max_rate_hz must be > 0");
    require(overlayPointSize >= 1 && overlayPointSize <= 64, "overlay_point_size must be 1 to 64");
    require(occlusionCellPx >= 1, "occlusion_cell_px must be >= 1");
    require(occlusionToleranceM >= 0, "occlusion_tolerance_m must be >= 0");
  }

  private static void require(boolean ok, String what) {
    if (!ok) throw new IllegalArgumentException(what);
  }

  /** Nanoseconds between two teacher runs of one camera. */
  long fusionPeriodNs() {
    return Math.round(1e9 / fusionMaxRateHz);
  }

  long overlayPeriodNs() {
    return Math.round(1e9 / overlayMaxRateHz);
  }

  long tfWaitNs() {
    return Math.round(tfWaitS * 1e9);
  }

  long pairingToleranceNs() {
    return Math.round(pairingToleranceS * 1e9);
  }

  /** The names of the fixed values that differ in NEXT (empty when NEXT may replace these settings live). */
  public List<String> fixedChanges(PipelineSettings next) {
    List<String> changed = new ArrayList<>();
    if (!cameraTopics.equals(next.cameraTopics)) changed.add("camera_topics");
    if (overlays != next.overlays) changed.add("overlays");
    return changed;
  }
}
