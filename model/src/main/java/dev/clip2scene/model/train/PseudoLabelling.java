package dev.clip2scene.model.train;

import dev.clip2scene.model.geometry.CameraView;
import dev.clip2scene.model.geometry.PointPairing;
import dev.clip2scene.model.geometry.PointPixelPairs;
import dev.clip2scene.model.loss.PseudoLabels;
import dev.clip2scene.model.teacher.Teacher;
import dev.clip2scene.model.teacher.TeacherKey;
import dev.clip2scene.model.teacher.TeacherOutput;
import dev.clip2scene.model.teacher.TeacherView;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Pixel pseudo-labels (and pixel features) for a sample's keyframe points: each camera's image is seen as the
 * teacher's view says (a random resized crop and flip, the whole image resized, or the whole image), the teacher's
 * output for that view is looked up (cache first), and every keyframe point that projects into it takes the label
 * (and feature) under it; the first camera that sees a point wins. Earlier sweeps are not paired (their images were
 * not taken with them). A camera whose teacher output cannot be had (an undecodable image, a missing precomputed
 * file) is left out of the sample and counted; the other cameras still label.
 */
public final class PseudoLabelling {
  private final Teacher teacher;
  private final TeacherView view;
  private final PointPairing pairing;
  private final PointPixelPairs pairs = new PointPixelPairs();
  private final Timings timings;
  private final SkippedSamples skipped;

  public PseudoLabelling(Teacher teacher, TeacherView view, double minDepth, Timings timings, SkippedSamples skipped) {
    this.teacher = teacher;
    this.view = view;
    this.pairing = new PointPairing(minDepth, Double.NaN, 1);
    this.timings = timings;
    this.skipped = skipped;
  }

  /** Labels per point of S (IGNORE where unpaired); PIXELS (points x dim, may be null) receives paired features. */
  public int[] label(Sample s, Random random, float[] pixels, int dim) {
    int[] labels = new int[s.pointCount()];
    Arrays.fill(labels, PseudoLabels.IGNORE);
    List<TeacherOutput> outputs = new ArrayList<>();
    List<TeacherKey.Crop> crops = new ArrayList<>();
    List<CameraView> views = new ArrayList<>();
    long t0 = System.nanoTime();
    for (CameraFrame cam : s.cameras()) {
      TeacherKey.Crop c = view.crop(cam.camera().width(), cam.camera().height(), random);
      TeacherKey key = new TeacherKey(s.source(), cam.topic(), cam.stampNs(), teacher.weightsHash(), c);
      TeacherOutput out;
      try {
        out = teacher.output(key, cam.image());
      } catch (RuntimeException e) {
        skipped.add("camera image without teacher output", cam.topic() + " at " + cam.stampNs() + " ns in " + s.source() + ": " + e.getMessage());
        continue;
      }
      outputs.add(out);
      crops.add(c);
      views.add(new CameraView(cam.camera(), cam.cloudToCamera()));
    }
    long t1 = System.nanoTime();
    pairing.pair(s.points(), Sample.STRIDE, s.keyframePoints(), views, pairs);
    float[] uv = new float[2];
    for (int j = 0; j < pairs.size(); j++) {
      int p = pairs.point(j);
      if (labels[p] != PseudoLabels.IGNORE) continue;
      int c = pairs.camera(j);
      TeacherKey.Crop cr = crops.get(c);
      if (!cr.map(pairs.u(j), pairs.v(j), uv)) continue;
      TeacherOutput out = outputs.get(c);
      int label = out.labels().at(uv[0], uv[1], cr.outWidth(), cr.outHeight());
      if (label == PseudoLabels.IGNORE) continue;
      labels[p] = label;
      if (pixels != null) {
        if (out.features() == null) throw new IllegalStateException("the paper's spatial-temporal fusion needs pixel features; this teacher gives labels only (use loss.spatial: reference)");
        out.features().sample(uv[0], uv[1], cr.outWidth(), cr.outHeight(), pixels, p * dim);
      }
    }
    timings.add("teacher", t1 - t0);
    timings.add("pairing", System.nanoTime() - t1);
    return labels;
  }
}
