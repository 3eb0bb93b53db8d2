package dev.clip2scene.model.train;

import java.util.List;

/**
 * A training sample: the keyframe's points followed by those of the earlier sweeps registered into the keyframe's
 * frame (x, y, z, intensity per point), the cameras, and ground-truth class ids when the cloud carries them
 * ({@code labels} null otherwise; {@link dev.clip2scene.model.loss.PseudoLabels#IGNORE} where a point has none).
 *
 * @param source names the recording (a bag) in teacher cache keys and messages
 * @param keyframePoints the first keyframePoints points are the keyframe's own (only they pair with images)
 */
public record Sample(String source, long stampNs, float[] points, int keyframePoints, int[] labels, List<CameraFrame> cameras) {
  public static final int STRIDE = 4;

  public int pointCount() {
    return points.length / STRIDE;
  }

  /** What messages say about this sample: its recording and stamp. */
  public String describe() {
    return source + " at " + stampNs + " ns";
  }
}
