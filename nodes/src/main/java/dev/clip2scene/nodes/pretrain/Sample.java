package dev.clip2scene.nodes.pretrain;

import java.util.List;

/**
 * A training sample: the keyframe's points followed by those of the earlier sweeps registered into the keyframe's
 * frame (x, y, z, intensity per point), the cameras, and ground-truth class ids when the cloud carries them
 * ({@code labels} null otherwise; 255 = ignore).
 *
 * @param keyframePoints the first keyframePoints points are the keyframe's own (only they pair with images)
 */
public record Sample(String source, long stampNs, float[] points, int keyframePoints, int[] labels, List<CameraFrame> cameras) {
  public static final int STRIDE = 4;
  public static final int IGNORE_LABEL = 255;

  public int pointCount() {
    return points.length / STRIDE;
  }
}
