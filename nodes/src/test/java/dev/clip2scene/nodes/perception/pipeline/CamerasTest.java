package dev.clip2scene.nodes.perception.pipeline;

import static dev.clip2scene.nodes.perception.pipeline.PipelineFixture.GREY;
import static dev.clip2scene.nodes.perception.pipeline.PipelineFixture.HEIGHT;
import static dev.clip2scene.nodes.perception.pipeline.PipelineFixture.MS;
import static dev.clip2scene.nodes.perception.pipeline.PipelineFixture.T0;
import static dev.clip2scene.nodes.perception.pipeline.PipelineFixture.WIDTH;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clip2scene.model.clip.ClipHints;
import dev.clip2scene.model.clip.ClipModel;
import dev.clip2scene.model.fusion.FusionMode;
import dev.clip2scene.model.image.RgbImage;
import dev.clip2scene.model.net.PointFeatures;
import dev.clip2scene.model.net.TextEmbeddings;
import dev.clip2scene.model.teacher.MaskClipTeacher;
import dev.clip2scene.model.teacher.PixelFeatures;
import dev.clip2scene.model.teacher.PixelLabels;
import dev.clip2scene.model.teacher.Teacher;
import dev.clip2scene.model.teacher.TeacherKey;
import dev.clip2scene.model.teacher.TeacherOutput;
import dev.clip2scene.model.voxel.PointCloud;
import dev.clip2scene.msgs.MessageTypes;
import dev.clip2scene.msgs.builtin.Time;
import dev.clip2scene.msgs.pointcloud.PointCloud2View;
import dev.clip2scene.msgs.sensor.Image;
import dev.clip2scene.msgs.std.Header;
import dev.clip2scene.nodes.perception.pipeline.PerceptionPipeline.Outcome;
import dev.clip2scene.testkit.Fixtures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Cameras in the pipeline: label overlays (occlusion, colours, rate) and 2D-3D fusion (ensemble, image, MaskCLIP). */
class CamerasTest {
  private final PipelineFixture.Collector out = new PipelineFixture.Collector();

  private static PipelineFixture.Settings withCamera() {
    PipelineFixture.Settings s = new PipelineFixture.Settings();
    s.cameras = List.of(PipelineFixture.CAMERA);
    return s;
  }

  /** Feeds the camera's calibration, mount and an image at STAMP_NS. */
  private static CameraStream connect(PerceptionPipeline p, long stampNs, byte[] image) {
    CameraStream cam = p.cameras().get(0);
    cam.setInfo(PipelineFixture.cameraInfo());
    p.transforms().addStatic(PipelineFixture.cameraMount());
    cam.addImage(image, stampNs);
    return cam;
  }

  /** A grid of points on the plane x = DEPTH, y and z from -half to half in STEP, shifted off whole pixels. */
  private static void grid(List<float[]> into, double depth, double halfY, double halfZ, double step) {
    for (double y = -halfY; y <= halfY + 1e-9; y += step) {
      for (double z = -halfZ; z <= halfZ + 1e-9; z += step) into.add(new float[] {(float) depth, (float) (y + 0.013), (float) (z + 0.013), 0.5f});
    }
  }

  private static float[] flat(List<float[]> points) {
    float[] p = new float[points.size() * 4];
    for (int i = 0; i < points.size(); i++) System.arraycopy(points.get(i), 0, p, 4 * i, 4);
    return p;
  }

  private static int rgbAt(Image img, int u, int v) {
    int i = 3 * (v * img.width() + u);
    return (img.data()[i] & 0xff) << 16 | (img.data()[i + 1] & 0xff) << 8 | (img.data()[i + 2] & 0xff);
  }

  private static final int GREY_RGB = (GREY & 0xff) * 0x010101;

  @Test
  void overlayPaintsVisiblePointsInClassColoursAndHidesPointsBehindNearerOnes() {
    PipelineFixture.Settings s = withCamera();
    s.overlays = true;
    try (PerceptionPipeline p = PerceptionPipeline.open(s.build(), PipelineFixture.model(8), "/points")) {
      connect(p, T0 + 5 * MS, PipelineFixture.image(T0 + 5 * MS));
      List<float[]> pts = new ArrayList<>();
      grid(pts, 10, 3, 2, 0.1); // a wall 10 m ahead: points 5 px apart
      int wall = pts.size();
      grid(pts, 5, 0.5, 0.5, 0.05); // a box 5 m ahead: 5 px apart, in front of the wall's middle
      assertEquals(Outcome.PUBLISHED, p.process(PipelineFixture.cloud(T0, flat(pts), true), T0, T0, out));
      assertEquals(1, out.overlays.size());
      Image o = out.overlays.get(0);
      assertEquals(new Header(Time.ofNanos(T0 + 5 * MS), PipelineFixture.OPTICAL), o.header(), "the camera image's header");
      assertEquals(List.of(WIDTH, HEIGHT, 3 * WIDTH, "rgb8"), List.of(o.width(), o.height(), o.step(), o.encoding()));
      int[] labels = PipelineFixture.labels(out.last());
      int[] colours = p.classifier().colours();
      boolean[] boxSquare = new boolean[WIDTH * HEIGHT];
      for (int i = wall; i < pts.size(); i++) {
        float[] q = pts.get(i);
        double[] uv = PipelineFixture.pixel(q[0], q[1], q[2]);
        int u = (int) uv[0], v = (int) uv[1];
        assertEquals(colours[labels[i]], rgbAt(o, u, v), "box point " + i + " at (" + u + ", " + v + ")");
        for (int y = v - 1; y <= v + 1; y++) for (int x = u - 1; x <= u + 1; x++) boxSquare[y * WIDTH + x] = true;
      }
      int wallSeen = 0;
      for (int i = 0; i < wall; i++) {
        float[] q = pts.get(i);
        double[] uv = PipelineFixture.pixel(q[0], q[1], q[2]);
        if (Math.abs(uv[0] - 320) < 62 && Math.abs(uv[1] - 240) < 62) continue; // near the box's cells
        assertEquals(colours[labels[i]], rgbAt(o, (int) uv[0], (int) uv[1]), "wall point " + i);
        wallSeen++;
      }
      assertTrue(wallSeen > 500, wallSeen + " wall points checked");
      // behind the box the wall is hidden: only the box's squares are painted there
      for (int v = 192; v < 288; v++) {
        for (int u = 272; u < 368; u++) {
          if (!boxSquare[v * WIDTH + u]) assertEquals(GREY_RGB, rgbAt(o, u, v), "pixel (" + u + ", " + v + ") behind the box");
        }
      }
      assertEquals(GREY_RGB, rgbAt(o, 0, 0), "nothing is painted where no point projects");
      assertEquals(pts.size(), p.cameras().get(0).pointsInView() + (wall - visibleWall(pts, wall)));
    }
  }

  /** Wall points that no box cell hides (the 8-pixel z-buffer cells the box's points fall in hide the wall's). */
  private static long visibleWall(List<float[]> pts, int wall) {
    java.util.Set<Integer> boxCells = new java.util.HashSet<>();
    for (int i = wall; i < pts.size(); i++) {
      double[] uv = PipelineFixture.pixel(pts.get(i)[0], pts.get(i)[1], pts.get(i)[2]);
      boxCells.add(((int) uv[1] / 8) * 1000 + (int) uv[0] / 8);
    }
    long n = 0;
    for (int i = 0; i < wall; i++) {
      double[] uv = PipelineFixture.pixel(pts.get(i)[0], pts.get(i)[1], pts.get(i)[2]);
      if (!boxCells.contains(((int) uv[1] / 8) * 1000 + (int) uv[0] / 8)) n++;
    }
    return n;
  }

  @Test
  void overlaysAndTeacherRunsAreRateLimitedPerCamera() {
    PipelineFixture.Settings s = withCamera();
    s.overlays = true;
    s.overlayRateHz = 2; // one per 0.5 s of data time
    try (PerceptionPipeline p = PerceptionPipeline.open(s.build(), PipelineFixture.model(8), "/points")) {
      CameraStream cam = connect(p, T0, PipelineFixture.image(T0));
      for (int i = 0; i <= 10; i++) {
        long stamp = T0 + i * 100 * MS;
        if (i > 0) cam.addImage(PipelineFixture.image(stamp), stamp);
        p.process(PipelineFixture.cloud(stamp, PipelineFixture.pointsAhead(300, i), true), stamp, stamp, out);
      }
      assertEquals(11, out.clouds.size());
      assertEquals(List.of(T0, T0 + 500 * MS, T0 + 1000 * MS), out.overlays.stream().map(o -> o.header().stamp().toNanos()).toList());
      assertEquals(3, cam.overlays());
    }
  }

  /** A teacher that sees FEATURE in the left half of every image and nothing (zeros) in the right half. */
  private static ImageTeacher leftHalf(float[] feature, List<String> runs) {
    return new ImageTeacher() {
      @Override
      public Teacher forVocabulary(TextEmbeddings vocabulary) {
        return new Teacher() {
          @Override
          public String weightsHash() {
            return "left-half";
          }

          @Override
          public boolean producesFeatures() {
            return true;
          }

          @Override
          public boolean crops() {
            return false;
          }

          @Override
          public TeacherOutput output(TeacherKey key, Supplier<RgbImage> image) {
            runs.add(key.topic() + "@" + key.stampNs() + ":" + key.crop().outWidth() + "x" + key.crop().outHeight());
            int gw = key.crop().outWidth() / 16, gh = key.crop().outHeight() / 16, dim = feature.length;
            float[] v = new float[gw * gh * dim];
            for (int y = 0; y < gh; y++) for (int x = 0; x < gw / 2; x++) System.arraycopy(feature, 0, v, (y * gw + x) * dim, dim);
            PixelFeatures f = new PixelFeatures(gw, gh, dim, v);
            return new TeacherOutput(new PixelLabels(gw, gh, new int[gw * gh]), f);
          }
        };
      }

      @Override
      public int sizeMultiple() {
        return 16;
      }

      @Override
      public String describe() {
        return "left half";
      }
    };
  }

  /** Unit vectors of the text embeddings (C x D). */
  private static double[][] unit(TextEmbeddings t) {
    double[][] u = new double[t.classes()][t.dim()];
    for (int c = 0; c < t.classes(); c++) {
      double n = 0;
      for (int k = 0; k < t.dim(); k++) n += t.values()[c * t.dim() + k] * (double) t.values()[c * t.dim() + k];
      for (int k = 0; k < t.dim(); k++) u[c][k] = t.values()[c * t.dim() + k] / Math.sqrt(n);
    }
    return u;
  }

  /** A unit vector orthogonal to every row of U (Gram-Schmidt from a seeded random vector). */
  private static double[] orthogonal(double[][] u, long seed) {
    int d = u[0].length;
    double[][] basis = new double[u.length][];
    int b = 0;
    for (double[] row : u) {
      double[] r = row.clone();
      for (int i = 0; i < b; i++) r = minus(r, basis[i]);
      double n = Math.sqrt(dot(r, r));
      if (n > 1e-9) basis[b++] = scale(r, 1 / n);
    }
    SplittableRandom rnd = new SplittableRandom(seed);
    double[] w = new double[d];
    for (int k = 0; k < d; k++) w[k] = rnd.nextDouble() - 0.5;
    for (int i = 0; i < b; i++) w = minus(w, basis[i]);
    return scale(w, 1 / Math.sqrt(dot(w, w)));
  }

  private static double[] minus(double[] a, double[] unitB) {
    double[] r = a.clone();
    double p = dot(a, unitB);
    for (int k = 0; k < r.length; k++) r[k] -= p * unitB[k];
    return r;
  }

  private static double[] scale(double[] a, double s) {
    double[] r = a.clone();
    for (int k = 0; k < r.length; k++) r[k] *= s;
    return r;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int k = 0; k < a.length; k++) s += a[k] * b[k];
    return s;
  }

  /** Best cosine similarity of a feature with the unit text rows. */
  private static double bestCos(float[] f, int offset, double[][] u) {
    double n = 0;
    for (int k = 0; k < u[0].length; k++) n += f[offset + k] * (double) f[offset + k];
    double best = Double.NEGATIVE_INFINITY;
    for (double[] row : u) {
      double d = 0;
      for (int k = 0; k < row.length; k++) d += f[offset + k] * row[k];
      best = Math.max(best, d / Math.sqrt(n));
    }
    return best;
  }

  @Test
  void imageFusionTakesTheImageClassWhereACameraSeesAPointAndEnsembleTheMoreConfidentSource() {
    int dim = 32; // room for a direction orthogonal to all 19 class embeddings
    float[] points = PipelineFixture.pointsAhead(3000, 50);
    int n = points.length / 4;
    int target = 3;
    for (FusionMode mode : List.of(FusionMode.IMAGE, FusionMode.ENSEMBLE)) {
      PipelineFixture.Settings s = withCamera();
      s.fusion = mode;
      s.tolerance = 1e9; // no occlusion: which points a camera sees is computed here by hand
      List<String> runs = new ArrayList<>();
      ModelSettings.Loaded reference = PipelineFixture.model(dim).load();
      try (reference) {
        TextEmbeddings text = reference.classifier().embeddings();
        double[][] u = unit(text);
        PointFeatures f3 = reference.segmenter().features(new PointCloud(points, 4));
        // ensemble: every image feature equally sure, so each ranks in the middle of the image's values (percentile 1/2),
        // and the image wins where the 3D feature ranks below the middle of the 3D values over the same points
        double imageCos = mode == FusionMode.IMAGE ? 1 : 0.3;
        double[] w = orthogonal(u, 3);
        float[] feature = new float[dim];
        for (int k = 0; k < dim; k++) feature[k] = (float) (2 * (imageCos * u[target][k] + Math.sqrt(1 - imageCos * imageCos) * w[k]));
        int[] own = reference.segmenter().segment(new PointCloud(points, 4), text).labels();
        try (PerceptionPipeline p = PerceptionPipeline.open(s.build(), PipelineFixture.model(dim), null, leftHalf(feature, runs), "/points")) {
          CameraStream cam = connect(p, T0 + 2 * MS, PipelineFixture.image(T0 + 2 * MS));
          assertEquals(Outcome.PUBLISHED, p.process(PipelineFixture.cloud(T0, points, true), T0, T0, out));
          assertEquals(List.of("/cam/image_raw@" + (T0 + 2 * MS) + ":320x240"), runs, "one teacher run, the image at 240 px high");
          int[] labels = PipelineFixture.labels(out.last());
          PointCloud2View c = out.last();
          double[] middle = middleOfPool(points, f3, u, own);
          double expectedScore = 0;
          for (int k = 0; k < u.length; k++) expectedScore += Math.exp(100 * (dot(u[k], u[target]) - 1));
          int fromImage = 0, checked = 0, skipped = 0;
          for (int i = 0; i < n; i++) {
            double[] uv = PipelineFixture.pixel(points[4 * i], points[4 * i + 1], points[4 * i + 2]);
            boolean seen = PipelineFixture.inView(points[4 * i], points[4 * i + 1], points[4 * i + 2]);
            // the teacher's left half, sampled bilinearly between cell centres at half resolution, ends at u = 335
            if (seen && Math.abs(uv[0] - 335) < 2) {
              skipped++;
              continue;
            }
            boolean imageHasClass = seen && uv[0] < 335;
            if (own[i] < 0) { // outside the crop box: unlabelled, whatever the image says
              assertEquals(Classifier.UNLABELLED, labels[i]);
              continue;
            }
            double pointCos = bestCos(f3.values(), i * dim, u);
            if (mode == FusionMode.ENSEMBLE && pointCos >= middle[0] && pointCos <= middle[1]) {
              skipped++;
              continue;
            }
            boolean image = imageHasClass && (mode == FusionMode.IMAGE || pointCos < middle[0]);
            assertEquals(image ? target : own[i], labels[i], mode + " point " + i + " at " + uv[0] + ", " + uv[1] + " (3D cos " + pointCos + ")");
            if (image && mode == FusionMode.IMAGE) assertEquals(1 / expectedScore, c.require("score").getFloat(i), 1e-4);
            if (image) fromImage++;
            checked++;
          }
          assertTrue(checked > n / 2, checked + " of " + n + " points checked");
          assertTrue(fromImage > 300, mode + ": " + fromImage + " points take the image's class");
          if (mode == FusionMode.ENSEMBLE) assertTrue(fromImage < 0.7 * countLeft(points), "the ensemble keeps some 3D labels");
          assertEquals(1, cam.fused());
          assertTrue(cam.pointsFused() >= fromImage && cam.pointsFused() <= fromImage + skipped,
              cam.pointsFused() + " vs " + fromImage + " (+ " + skipped + " unchecked)");
        }
      }
    }
  }

  /**
   * The 3D best cosine similarities in the middle of those of the points both sources label (seen in the image's left
   * half, kept by the network), as [low, high]: wide enough to cover where the middle lies whichever of the points on
   * the half's edge (u within 2 px of 335) the pipeline counts.
   */
  private static double[] middleOfPool(float[] points, PointFeatures f3, double[][] u, int[] own) {
    List<Double> pool = new ArrayList<>();
    int edge = 0;
    for (int i = 0; i < points.length / 4; i++) {
      if (own[i] < 0 || !PipelineFixture.inView(points[4 * i], points[4 * i + 1], points[4 * i + 2])) continue;
      double x = PipelineFixture.pixel(points[4 * i], points[4 * i + 1], points[4 * i + 2])[0];
      if (Math.abs(x - 335) < 2) edge++;
      else if (x < 335) pool.add(bestCos(f3.values(), i * f3.dim(), u));
    }
    double[] c = pool.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int mid = c.length / 2;
    return new double[] {c[Math.max(0, mid - edge - 1)], c[Math.min(c.length - 1, mid + edge + 1)]};
  }

  private static int countLeft(float[] points) {
    int k = 0;
    for (int i = 0; i < points.length / 4; i++) {
      if (PipelineFixture.inView(points[4 * i], points[4 * i + 1], points[4 * i + 2])
          && PipelineFixture.pixel(points[4 * i], points[4 * i + 1], points[4 * i + 2])[0] < 335) k++;
    }
    return k;
  }

  @Test
  void maskClipFusionLabelsSeenPointsWithTheClassOfTheDenseFeatureUnderThem() {
    Path weights = Fixtures.sharedData("clip/tiny-vit/tiny-clip-vit.safetensors");
    int dim = 32; // the tiny CLIP's embedding size
    PipelineFixture.Settings s = withCamera();
    s.fusion = FusionMode.IMAGE;
    s.fusionHeight = 64;
    s.tolerance = 1e9;
    byte[] rgb = new byte[WIDTH * HEIGHT * 3];
    new SplittableRandom(4).nextBytes(rgb);
    RgbImage picture = new RgbImage(WIDTH, HEIGHT, rgb);
    byte[] image = MessageTypes.IMAGE.encode(new Image(new Header(Time.ofNanos(T0), PipelineFixture.OPTICAL), HEIGHT, WIDTH, "rgb8", 0,
        3 * WIDTH, rgb));
    float[] points = PipelineFixture.pointsAhead(2000, 51);
    ClipWeights clip = new ClipWeights(weights, null);
    try (PerceptionPipeline p = PerceptionPipeline.open(s.build(), PipelineFixture.model(dim), clip, new MaskClipImageTeacher(clip), "/points");
        ClipModel model = ClipModel.load(weights, ClipHints.NONE, ai.djl.Device.cpu())) {
      connect(p, T0, image);
      assertEquals(Outcome.PUBLISHED, p.process(PipelineFixture.cloud(T0, points, true), T0, T0, out));
      TextEmbeddings text = p.classifier().embeddings();
      // the reference: MaskCLIP on the image resized to 80 x 64 (64 px high, width to the patch), sampled by hand
      TeacherKey.Crop crop = new TeacherKey.Crop(0, 0, WIDTH, HEIGHT, 80, 64, false);
      PixelFeatures f = new MaskClipTeacher(model, "tiny", text, true)
          .output(new TeacherKey("x", "y", 0, "tiny", crop), () -> picture).features();
      double[][] u = unit(text);
      int[] labels = PipelineFixture.labels(out.last());
      float[] sample = new float[dim];
      int seen = 0;
      for (int i = 0; i < points.length / 4; i++) {
        if (!PipelineFixture.inView(points[4 * i], points[4 * i + 1], points[4 * i + 2])) continue;
        if (Math.abs(points[4 * i + 2]) > 10) { // outside the crop box: unlabelled
          assertEquals(Classifier.UNLABELLED, labels[i]);
          continue;
        }
        double[] uv = PipelineFixture.pixel(points[4 * i], points[4 * i + 1], points[4 * i + 2]);
        f.sample((float) (uv[0] * 80 / WIDTH), (float) (uv[1] * 64 / HEIGHT), 80, 64, sample, 0);
        int best = 0;
        double bestDot = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < u.length; c++) {
          double d = 0;
          for (int k = 0; k < dim; k++) d += sample[k] * u[c][k];
          if (d > bestDot) {
            bestDot = d;
            best = c;
          }
        }
        assertEquals(best, labels[i], "point " + i);
        seen++;
      }
      assertTrue(seen > 500, seen + " points seen");
      assertArrayEquals(new long[] {1, seen}, new long[] {p.cameras().get(0).fused(), p.cameras().get(0).pointsFused()});
    }
  }
}
