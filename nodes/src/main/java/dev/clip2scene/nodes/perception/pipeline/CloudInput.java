package dev.clip2scene.nodes.perception.pipeline;

import dev.clip2scene.model.geometry.RigidTransform;
import dev.clip2scene.model.geometry.Vector3;
import dev.clip2scene.msgs.pointcloud.PointCloud2View;
import dev.clip2scene.msgs.std.Header;

/**
 * The finite points of one received cloud as x, y, z, intensity (the network's input), in the cloud's own frame.
 * Points with a NaN or infinite coordinate are dropped here, before voxelization, and counted.
 *
 * @param xyzi finite points, 4 floats each, in input order
 * @param count how many points xyzi holds
 * @param nonFinite points dropped for a NaN/infinite coordinate
 * @param hasIntensity false when the cloud has no intensity field (intensity is then 0)
 */
public record CloudInput(Header header, float[] xyzi, int count, int nonFinite, boolean hasIntensity) {

  /**
   * Reads VIEW's points, keeping the finite ones, into REUSE when it has exactly the room (a sensor's clouds are
   * usually all one size), else into a new array; xyzi() is the array used.
   */
  public static CloudInput of(PointCloud2View view, float[] reuse) {
    view.require("x"); // before allocating for size() points: a cloud without coordinates is refused here
    view.require("y");
    view.require("z");
    int n = view.size();
    float[] all = reuse.length == n * 4L ? reuse : new float[n * 4];
    view.xyzi(all);
    int kept = 0;
    for (int i = 0; i < n; i++) {
      int s = 4 * i;
      if (Float.isFinite(all[s]) && Float.isFinite(all[s + 1]) && Float.isFinite(all[s + 2])) {
        if (kept != i) System.arraycopy(all, s, all, 4 * kept, 4);
        kept++;
      }
    }
    boolean intensity = view.intensity().isPresent();
    if (intensity) {
      // a NaN intensity would poison the network input; it is a feature, not a position, so it becomes 0
      for (int i = 0; i < kept; i++) if (!Float.isFinite(all[4 * i + 3])) all[4 * i + 3] = 0f;
    }
    return new CloudInput(view.header(), all, kept, n - kept, intensity);
  }

  /** The points moved by T (x, y, z; intensity kept), in REUSE when it holds exactly count points, else a new array. */
  public float[] transformed(RigidTransform t, float[] reuse) {
    float[] out = reuse != null && reuse.length == count * 4 ? reuse : new float[count * 4];
    double[] m = t.rotation().toMatrix();
    Vector3 tr = t.translation();
    for (int i = 0, s = 0; i < count; i++, s += 4) {
      double x = xyzi[s], y = xyzi[s + 1], z = xyzi[s + 2];
      out[s] = (float) (m[0] * x + m[1] * y + m[2] * z + tr.x());
      out[s + 1] = (float) (m[3] * x + m[4] * y + m[5] * z + tr.y());
      out[s + 2] = (float) (m[6] * x + m[7] * y + m[8] * z + tr.z());
      out[s + 3] = xyzi[s + 3];
    }
    return out;
  }

  /** The first count points (the array may be longer). */
  public float[] points() {
    return xyzi.length == count * 4 ? xyzi : java.util.Arrays.copyOf(xyzi, count * 4);
  }
}
