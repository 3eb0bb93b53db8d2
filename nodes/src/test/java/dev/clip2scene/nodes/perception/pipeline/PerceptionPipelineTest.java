package dev.clip2scene.nodes.perception.pipeline;

import static dev.clip2scene.nodes.perception.pipeline.PipelineFixture.FRAME;
import static dev.clip2scene.nodes.perception.pipeline.PipelineFixture.MS;
import static dev.clip2scene.nodes.perception.pipeline.PipelineFixture.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clip2scene.model.fusion.FusionMode;
import dev.clip2scene.model.geometry.Quaternion;
import dev.clip2scene.model.geometry.RigidTransform;
import dev.clip2scene.msgs.MessageTypes;
import dev.clip2scene.msgs.builtin.Time;
import dev.clip2scene.msgs.clip2scene.VocabularyUpdate;
import dev.clip2scene.msgs.pointcloud.PointCloud2View;
import dev.clip2scene.msgs.pointcloud.PointFieldReader;
import dev.clip2scene.msgs.pointcloud.SemanticCloudBuilder;
import dev.clip2scene.msgs.sensor.PointCloud2;
import dev.clip2scene.msgs.sensor.PointField;
import dev.clip2scene.msgs.std.Header;
import dev.clip2scene.nodes.perception.pipeline.PerceptionPipeline.Outcome;
import dev.clip2scene.nodes.tf.StampedTransform;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The pipeline without DDS: its output, and every fault the node survives (missing and late tf, a camera that stops,
 * time jumping back, NaN points, no intensity, undecodable and hostile clouds). No test waits a fixed time.
 */
class PerceptionPipelineTest {
  private final PipelineFixture.Collector out = new PipelineFixture.Collector();

  private static PerceptionPipeline pipeline(PipelineFixture.Settings s) {
    return PerceptionPipeline.open(s.build(), PipelineFixture.model(8), "/points");
  }

  @Test
  void semanticCloudKeepsTheHeaderAndInputOrderAndDropsNanPoints() {
    try (PerceptionPipeline p = pipeline(new PipelineFixture.Settings())) {
      float[] pts = PipelineFixture.randomPoints(2000, 1);
      for (int i = 0; i < 2000; i += 100) pts[4 * i + (i % 3)] = Float.NaN;
      pts[4 * 7 + 2] = Float.POSITIVE_INFINITY;
      assertEquals(Outcome.PUBLISHED, p.process(PipelineFixture.cloud(T0, pts, true), T0, T0, out));
      PointCloud2View c = out.last();
      assertEquals(new Header(Time.ofNanos(T0), FRAME), c.header());
      assertEquals(2000 - 21, c.size());
      assertEquals(SemanticCloudBuilder.FIELDS.stream().map(PointField::name).toList(),
          c.fields().stream().map(PointFieldReader::name).toList());
      assertEquals(pts[4], c.xyz()[0]); // point 0 was NaN: the first output is point 1
      assertEquals(pts[4 + 3], c.require("intensity").getFloat(0));
      int classes = p.classifier().embeddings().classes();
      int[] colours = p.classifier().colours();
      for (int i = 0; i < c.size(); i++) {
        int label = (int) c.require("label").getDouble(i);
        assertTrue(label < classes || label == Classifier.UNLABELLED, "label " + label);
        float score = c.require("score").getFloat(i);
        assertTrue(score >= 1.0 / classes - 1e-6 && score <= 1, "score " + score);
        int rgb = Float.floatToRawIntBits(c.require("rgb").getFloat(i));
        assertEquals(label == Classifier.UNLABELLED ? 0 : colours[label], rgb);
      }
      assertEquals(21, p.stats().nonFinitePoints());
      assertEquals(1, p.stats().processed());
      assertEquals(T0, p.stats().recent().get(0).stampNs());
    }
  }

  @Test
  void cloudWithoutIntensityGetsZerosAndIsCounted() {
    try (PerceptionPipeline p = pipeline(new PipelineFixture.Settings())) {
      assertEquals(Outcome.PUBLISHED, p.process(PipelineFixture.cloud(T0, PipelineFixture.randomPoints(500, 2), false), T0, T0, out));
      for (int i = 0; i < 500; i++) assertEquals(0f, out.last().require("intensity").getFloat(i));
      assertEquals(1, p.stats().cloudsWithoutIntensity());
      p.process(PipelineFixture.cloud(T0 + 100 * MS, PipelineFixture.randomPoints(500, 3), true), T0, T0, out);
      assertEquals(1, p.stats().cloudsWithoutIntensity());
      assertEquals(2, out.clouds.size());
    }
  }

  @Test
  void missingTransformSkipsTheCloud() {
    PipelineFixture.Settings s = new PipelineFixture.Settings();
    s.targetFrame = "base_link";
    s.tfWaitS = 0;
    try (PerceptionPipeline p = pipeline(s)) {
      assertEquals(Outcome.NO_TRANSFORM, p.process(PipelineFixture.cloud(T0, PipelineFixture.randomPoints(300, 4), true), T0, T0, out));
      assertEquals(0, out.clouds.size());
      assertEquals(1, p.stats().tfFailures());
      assertTrue(p.stats().lastProblem().contains("tf velodyne -> base_link"), p.stats().lastProblem());
      // a dynamic transform that does not cover the stamp: extrapolation, also skipped
      p.transforms().add(new StampedTransform("base_link", FRAME, T0 - 500 * MS, RigidTransform.IDENTITY));
      assertEquals(Outcome.NO_TRANSFORM, p.process(PipelineFixture.cloud(T0, PipelineFixture.randomPoints(300, 4), true), T0, T0, out));
      assertEquals(2, p.stats().tfFailures());
    }
  }

  @Test
  void lateTransformIsWaitedForAndTheCloudIsMovedIntoTheTargetFrame() throws Exception {
    PipelineFixture.Settings s = new PipelineFixture.Settings();
    s.targetFrame = "base_link";
    s.tfWaitS = 60; // an upper bound: the lookup returns when the transform arrives
    try (PerceptionPipeline p = pipeline(s)) {
      float[] pts = PipelineFixture.randomPoints(300, 5);
      CompletableFuture<Outcome> done = CompletableFuture.supplyAsync(() -> p.process(PipelineFixture.cloud(T0, pts, true), T0, T0, out));
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (p.transforms().waitingLookups() == 0 && !done.isDone() && System.nanoTime() < deadline) Thread.onSpinWait();
      assertEquals(1, p.transforms().waitingLookups(), "the cloud waits for its transform");
      RigidTransform lidarUp = RigidTransform.of(1, 0, 1.7, Quaternion.IDENTITY);
      p.transforms().add(new StampedTransform("base_link", FRAME, T0 - 50 * MS, lidarUp));
      p.transforms().add(new StampedTransform("base_link", FRAME, T0 + 50 * MS, lidarUp));
      assertEquals(Outcome.PUBLISHED, done.get());
      assertEquals(0, p.stats().tfFailures());
      // the output keeps the input's frame and points
      assertEquals(FRAME, out.last().header().frameId());
      assertEquals(pts[0], out.last().xyz()[0]);
    }
  }

  @Test
  void timeJumpingBackwardsClearsTfAndCameraHistoryAndProcessingGoesOn() {
    PipelineFixture.Settings s = new PipelineFixture.Settings();
    s.cameras = List.of(PipelineFixture.CAMERA);
    try (PerceptionPipeline p = pipeline(s)) {
      CameraStream cam = p.cameras().get(0);
      long t = T0 + 100_000 * MS;
      p.transforms().add(new StampedTransform("odom", FRAME, t, RigidTransform.IDENTITY));
      cam.addImage(PipelineFixture.image(t), t);
      assertEquals(Outcome.PUBLISHED, p.process(PipelineFixture.cloud(t, PipelineFixture.randomPoints(300, 6), true), t, t, out));
      assertEquals(1, cam.paired());
      assertEquals(Outcome.PUBLISHED, p.process(PipelineFixture.cloud(T0, PipelineFixture.randomPoints(300, 8), true), t, t, out));
      assertEquals(1, p.transforms().timeJumps());
      assertTrue(!p.transforms().canTransform("odom", FRAME, 0), "dynamic transforms of the old timeline are gone");
      assertEquals(1, cam.unpaired(), "the image of the old timeline no longer pairs");
      assertEquals(Outcome.PUBLISHED, p.process(PipelineFixture.cloud(T0 + 100 * MS, PipelineFixture.randomPoints(300, 9), true), t, t, out));
      assertEquals(1, p.transforms().timeJumps());
      assertEquals(3, out.clouds.size());
    }
  }

  @Test
  void aCameraThatStopsStopsPairingAndCloudsKeepFlowing() {
    PipelineFixture.Settings s = new PipelineFixture.Settings();
    s.cameras = List.of(PipelineFixture.CAMERA);
    try (PerceptionPipeline p = pipeline(s)) {
      CameraStream cam = p.cameras().get(0);
      for (int i = 0; i < 3; i++) {
        long stamp = T0 + i * 100 * MS;
        cam.addImage(PipelineFixture.image(stamp + 10 * MS), stamp);
        assertEquals(Outcome.PUBLISHED, p.process(PipelineFixture.cloud(stamp, PipelineFixture.randomPoints(200, 10 + i), true), stamp, stamp, out));
      }
      assertEquals(3, cam.paired());
      for (int i = 3; i < 6; i++) {
        long stamp = T0 + i * 100 * MS;
        assertEquals(Outcome.PUBLISHED, p.process(PipelineFixture.cloud(stamp, PipelineFixture.randomPoints(200, 10 + i), true), stamp, stamp, out));
      }
      assertEquals(3, cam.unpaired());
      assertEquals(3, cam.images());
      assertEquals(6, out.clouds.size());
    }
  }

  @Test
  void undecodableCloudCostsOnlyItself() {
    try (PerceptionPipeline p = pipeline(new PipelineFixture.Settings())) {
      byte[] good = PipelineFixture.cloud(T0, PipelineFixture.randomPoints(100, 13), true);
      byte[] bad = java.util.Arrays.copyOf(good, good.length - 100); // data shorter than declared
      assertEquals(Outcome.UNDECODABLE, p.process(bad, T0, T0, out));
      assertEquals(1, p.stats().badClouds());
      assertTrue(p.stats().lastProblem().contains("1700000000.000000000 s"), "the problem names the cloud's stamp: " + p.stats().lastProblem());
      assertEquals(Outcome.PUBLISHED, p.process(PipelineFixture.cloud(T0 + 1, PipelineFixture.randomPoints(100, 14), true), T0, T0, out));
      assertEquals(1, p.stats().badClouds());
      assertEquals(1, out.clouds.size());
    }
  }

  @Test
  void hostileCloudsBetweenGoodOnesAreCountedAndTheGoodOnesAreLabelled() {
    try (PerceptionPipeline p = pipeline(new PipelineFixture.Settings())) {
      List<PointField> xyz = List.of(new PointField("x", 0, PointField.FLOAT32, 1), new PointField("y", 4, PointField.FLOAT32, 1),
          new PointField("z", 8, PointField.FLOAT32, 1));
      List<PointCloud2> bombs = List.of(
          new PointCloud2(PipelineFixture.header(T0 + 1), 1, Integer.MAX_VALUE, List.of(), false, 0, 0, new byte[0], false),
          new PointCloud2(PipelineFixture.header(T0 + 2), 1, 1 << 30, xyz, false, 0, 0, new byte[0], false),
          new PointCloud2(PipelineFixture.header(T0 + 3), -1, -1, xyz, false, 12, -12, new byte[12], false),
          new PointCloud2(PipelineFixture.header(T0 + 4), 1 << 16, 1 << 16, xyz, false, 12, 12 << 16, new byte[24], false),
          new PointCloud2(PipelineFixture.header(T0 + 5), 1, 2, List.of(new PointField("x", 10, PointField.FLOAT64, 1)), false, 4, 8,
              new byte[8], false));
      int good = 0;
      for (int i = 0; i < bombs.size(); i++) {
        long stamp = T0 + (i + 1) * 100 * MS;
        assertEquals(Outcome.PUBLISHED, p.process(PipelineFixture.cloud(stamp, PipelineFixture.randomPoints(200, 20 + i), true), T0, T0, out));
        good++;
        Outcome bomb = p.process(MessageTypes.POINT_CLOUD2.encode(bombs.get(i)), T0, T0, out);
        assertTrue(bomb == Outcome.UNDECODABLE || bomb == Outcome.FAILED, "bomb " + i + ": " + bomb);
        assertTrue(p.stats().lastProblem().contains("1700000000.00000000" + (i + 1) + " s"), p.stats().lastProblem());
      }
      assertEquals(Outcome.PUBLISHED, p.process(PipelineFixture.cloud(T0 + 10_000 * MS, PipelineFixture.randomPoints(200, 40), true), T0, T0, out));
      assertEquals(good + 1, out.clouds.size());
      assertEquals(bombs.size(), p.stats().badClouds() + p.stats().inferenceErrors());
    }
  }

  @Test
  void vocabularyUpdateWithoutClipIsRefusedAndTheVocabularyStays() {
    try (PerceptionPipeline p = pipeline(new PipelineFixture.Settings())) {
      assertTrue(p.applyVocabulary(new VocabularyUpdate(PipelineFixture.header(T0), List.of("road", "tree"), List.of())).isEmpty());
      assertEquals(1, p.stats().vocabularyErrors());
      assertTrue(p.stats().lastProblem().contains("no CLIP weights"), p.stats().lastProblem());
      assertEquals(19, p.classifier().embeddings().classes());
      assertEquals(Outcome.PUBLISHED, p.process(PipelineFixture.cloud(T0, PipelineFixture.randomPoints(100, 15), true), T0, T0, out));
    }
  }

  @Test
  void liveSettingsTakeEffectFromTheNextCloudAndFixedOnesAreRefused() {
    PipelineFixture.Settings s = new PipelineFixture.Settings();
    try (PerceptionPipeline p = pipeline(s)) {
      assertEquals(Outcome.PUBLISHED, p.process(PipelineFixture.cloud(T0, PipelineFixture.randomPoints(100, 16), true), T0, T0, out));
      s.targetFrame = "base_link";
      s.tfWaitS = 0;
      p.update(s.build());
      assertEquals(Outcome.NO_TRANSFORM, p.process(PipelineFixture.cloud(T0 + 100 * MS, PipelineFixture.randomPoints(100, 17), true), T0, T0, out));
      s.cameras = List.of(PipelineFixture.CAMERA);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.update(s.build()));
      assertTrue(e.getMessage().contains("camera_topics"), e.getMessage());
      s.cameras = List.of();
      s.fusion = FusionMode.ENSEMBLE;
      e = assertThrows(IllegalArgumentException.class, () -> p.update(s.build()));
      assertTrue(e.getMessage().contains("clip_weights"), e.getMessage());
      assertEquals("base_link", p.settings().targetFrame());
    }
  }
}
