package dev.clip2scene.nodes.pretrain;

import dev.clip2scene.model.geometry.CameraView;
import dev.clip2scene.model.geometry.PointPairing;
import dev.clip2scene.model.geometry.PointPixelPairs;
import dev.clip2scene.model.loss.PseudoLabels;
import dev.clip2scene.model.teacher.RandomResizedCrop;
import dev.clip2scene.model.teacher.Teacher;
import dev.clip2scene.model.teacher.TeacherKey;
import dev.clip2scene.model.teacher.TeacherOutput;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Pixel pseudo-labels (and pixel features) for a sample's keyframe points: each camera's image is cropped as the
 * teacher wants (random resized crop and flip, or whole), the teacher's output for that crop is looked up (cache
 * first), and every keyframe point that projects into the crop takes the label (and feature) under it; the first
 * camera that sees a point wins. Earlier sweeps are not paired (their images were not taken with them).
 */
public final class PseudoLabelling {
  private final Teacher teacher;
  private final RandomResizedCrop crop;
  private final PointPairing pairing;
  private final PointPixelPairs pairs = new PointPixelPairs();
  private final Timings timings;

  public PseudoLabelling(Teacher teacher, RandomResizedCrop crop, double minDepth, Timings timings) {
    this.teacher = teacher;
    this.crop = crop;
    this.pairing = new PointPairing(minDepth, Double.NaN, 1);
    this.timings = timings;
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
      int w = cam.camera().width();
      int h = cam.camera().height();
      TeacherKey.Crop c = teacher.crops() ? crop.sample(w, h, random) : TeacherKey.Crop.whole(w, h);
      TeacherKey key = new TeacherKey(s.source(), cam.topic(), cam.stampNs(), teacher.weightsHash(), c);
      outputs.add(teacher.output(key, cam.image()));
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
