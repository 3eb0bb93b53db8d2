package dev.clip2scene.nodes.perception;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clip2scene.model.geometry.CameraCalibration;
import dev.clip2scene.model.geometry.CameraModel;
import dev.clip2scene.model.geometry.RigidTransform;
import dev.clip2scene.model.geometry.Vector3;
import dev.clip2scene.model.sim.LidarConfig;
import dev.clip2scene.model.sim.SimSettings;
import dev.clip2scene.model.sim.Simulator;
import dev.clip2scene.msgs.MessageTypes;
import dev.clip2scene.msgs.pointcloud.PointCloud2View;
import dev.clip2scene.msgs.sensor.CameraInfo;
import dev.clip2scene.msgs.sensor.Image;
import dev.clip2scene.nodes.bag.BagMessage;
import dev.clip2scene.nodes.bag.BagReader;
import dev.clip2scene.nodes.bag.BagWriter;
import dev.clip2scene.nodes.bag.MessageCursor;
import dev.clip2scene.nodes.bag.MessageFilter;
import dev.clip2scene.nodes.bag.WriterOptions;
import dev.clip2scene.nodes.calibration.Rig;
import dev.clip2scene.nodes.perception.pipeline.CameraStream;
import dev.clip2scene.nodes.perception.pipeline.Classifier;
import dev.clip2scene.nodes.sim.SimRecorder;
import dev.clip2scene.nodes.sim.SimRig;
import dev.clip2scene.nodes.sim.SimTopics;
import dev.clip2scene.nodes.transport.Qos;
import dev.clip2scene.nodes.transport.RawPublisher;
import dev.clip2scene.nodes.transport.RawSubscriber;
import dev.clip2scene.nodes.transport.ReceivedSample;
import dev.clip2scene.testkit.Fixtures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A simulated drive with a front camera played into the node over loopback DDS, overlays on: every overlay is the
 * camera image of its cloud's instant, with the labels of the published semantic cloud painted where its points
 * project, as computed here independently (per-point projection, the 8-pixel z-buffer occlusion rule, nearest point
 * on top).
 */
class OverlayNodeTest {
  private static final String LIDAR = "LIDAR_TOP";
  private static final String CAMERA = "CAM_FRONT";
  private static final int FRAMES = 4;

  @TempDir Path dir;

  private Path simulate() throws Exception {
    Path rigDir = Fixtures.root().resolve("calibration").resolve("nuscenes-like");
    SimRig rig = SimRig.of(rigDir, Rig.read(rigDir), LIDAR, 1, 320);
    Simulator sim = new Simulator(new SimSettings(3, FRAMES, LidarConfig.HDL32.withRaysPerSweep(4352), rig.lidarMount(), rig.cameras(), true));
    Path bag = dir.resolve("drive");
    try (BagWriter w = BagWriter.create(bag, WriterOptions.MCAP)) {
      new SimRecorder(sim, rig).record(w, i -> { }, f -> { });
    }
    return bag;
  }

  @Test
  void overlaysShowTheSemanticCloudsLabelsOverTheCameraImage() throws Exception {
    Path bag = simulate();
    String imageTopic = SimTopics.image(CAMERA);
    String infoTopic = SimTopics.cameraInfo(CAMERA);
    String points = SimTopics.points(LIDAR);
    Map<Long, byte[]> images = new TreeMap<>();
    Map<Long, byte[]> clouds = new TreeMap<>();
    List<byte[]> statics = new ArrayList<>();
    byte[] info = null;
    try (BagReader r = BagReader.open(bag); MessageCursor c = r.messages(MessageFilter.ofTopics(java.util.Set.of(imageTopic, infoTopic, points,
        SimTopics.TF_STATIC)))) {
      for (BagMessage m = c.next(); m != null; m = c.next()) {
        if (m.topic().equals(imageTopic)) images.put(m.logTimeNs(), m.data());
        else if (m.topic().equals(points)) clouds.put(m.logTimeNs(), m.data());
        else if (m.topic().equals(infoTopic)) info = m.data();
        else statics.add(m.data());
      }
    }
    assertEquals(FRAMES, images.size());
    try (NodeHarness h = new NodeHarness("camera_topics:=[" + imageTopic + "]", "overlays:=true",
        "overlay_max_rate_hz:=100.0", "queue_depth:=10")) {
      RawSubscriber overlays = h.peer.subscriber("/cam_front/clip2scene_overlay", MessageTypes.IMAGE.name(), Qos.outputs(10), 10);
      RawPublisher tfStatic = h.peer.publisher("/tf_static", MessageTypes.TF_MESSAGE.name(), Qos.TF_STATIC);
      RawPublisher imagePub = h.peer.publisher(imageTopic, MessageTypes.IMAGE.name(), Qos.SENSOR_DATA);
      RawPublisher infoPub = h.peer.publisher(infoTopic, MessageTypes.CAMERA_INFO.name(), Qos.SENSOR_DATA);
      for (byte[] s : statics) tfStatic.publish(s);
      CameraStream cam = h.node.cameras().get(0);
      // the camera first (best effort: repeated until the node has every image), then each cloud in turn
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while ((cam.images() < FRAMES || cam.calibration().isEmpty()) && System.nanoTime() < deadline) {
        infoPub.publish(info);
        for (byte[] img : images.values()) imagePub.publish(img);
        Thread.sleep(100);
      }
      NodeHarness.await(() -> h.node.transforms().canTransform(CAMERA, LIDAR, 0), 20, "no /tf_static from the bag");
      Map<Long, PointCloud2View> semantic = new HashMap<>();
      Map<Long, Image> painted = new HashMap<>();
      for (var e : clouds.entrySet()) {
        h.points.publish(e.getValue()); // the harness's /points publisher, matched with the node
        semantic.put(e.getKey(), h.requireSemantic());
        ReceivedSample o = overlays.poll(20, TimeUnit.SECONDS);
        assertTrue(o != null, "no overlay for the cloud at " + e.getKey() + " (" + h.node.stats().lastProblem() + ")");
        Image img = MessageTypes.IMAGE.decode(o.cdr());
        painted.put(img.header().stamp().toNanos(), img);
      }
      assertEquals(clouds.keySet(), painted.keySet(), "one overlay per cloud, stamped as its image (the cloud's instant)");
      CameraInfo ci = MessageTypes.CAMERA_INFO.decode(info);
      CameraModel model = new CameraModel(new CameraCalibration(ci.width(), ci.height(), ci.distortionModel(), ci.d(), ci.k(), ci.r(), ci.p()));
      RigidTransform toCamera = h.node.transforms().lookup(CAMERA, LIDAR, 0);
      int[] colours = h.node.classifier().colours();
      for (long stamp : clouds.keySet()) {
        Image overlay = painted.get(stamp);
        Image original = MessageTypes.IMAGE.decode(images.get(stamp));
        assertEquals(List.of(CAMERA, ci.width(), ci.height(), "rgb8"), List.of(overlay.header().frameId(), overlay.width(), overlay.height(),
            overlay.encoding()));
        byte[] expected = expectedOverlay(original, semantic.get(stamp), model, toCamera, colours);
        int differ = 0, paintedPixels = 0;
        for (int i = 0; i < expected.length; i += 3) {
          if (expected[i] != original.data()[i] || expected[i + 1] != original.data()[i + 1] || expected[i + 2] != original.data()[i + 2]) paintedPixels++;
          if (expected[i] != overlay.data()[i] || expected[i + 1] != overlay.data()[i + 1] || expected[i + 2] != overlay.data()[i + 2]) differ++;
        }
        assertTrue(paintedPixels > 1000, paintedPixels + " pixels painted at " + stamp);
        // a point exactly on a pixel or cell border may round the other way in the node's float projection
        assertTrue(differ <= paintedPixels / 200, differ + " of " + paintedPixels + " painted pixels differ at " + stamp);
      }
    }
  }

  /** The overlay as specified: points in front (depth > 1 m) inside the image, not hidden, as 3 x 3 squares, nearest on top. */
  private static byte[] expectedOverlay(Image original, PointCloud2View cloud, CameraModel model, RigidTransform toCamera, int[] colours) {
    int w = original.width(), h = original.height(), n = cloud.size();
    float[] xyz = cloud.xyz();
    float[] u = new float[n], v = new float[n], z = new float[n];
    boolean[] in = new boolean[n];
    double[] px = new double[2];
    int cols = (w + 7) / 8;
    float[] cellMin = new float[cols * ((h + 7) / 8)];
    Arrays.fill(cellMin, Float.POSITIVE_INFINITY);
    for (int i = 0; i < n; i++) {
      Vector3 p = toCamera.apply(new Vector3(xyz[3 * i], xyz[3 * i + 1], xyz[3 * i + 2]));
      if (!(p.z() > 1) || !model.project(p.x(), p.y(), p.z(), px)) continue;
      u[i] = (float) px[0];
      v[i] = (float) px[1];
      z[i] = (float) p.z();
      in[i] = u[i] >= 0 && u[i] < w && v[i] >= 0 && v[i] < h;
      if (in[i]) {
        int c = ((int) v[i] / 8) * cols + (int) u[i] / 8;
        cellMin[c] = Math.min(cellMin[c], z[i]);
      }
    }
    byte[] out = original.data().clone();
    float[] depth = new float[w * h];
    Arrays.fill(depth, Float.POSITIVE_INFINITY);
    for (int i = 0; i < n; i++) {
      int label = (int) cloud.require("label").getDouble(i);
      if (!in[i] || label == Classifier.UNLABELLED) continue;
      if (z[i] - cellMin[((int) v[i] / 8) * cols + (int) u[i] / 8] > 0.5) continue; // hidden behind a nearer point of its cell
      for (int y = (int) v[i] - 1; y <= (int) v[i] + 1; y++) {
        for (int x = (int) u[i] - 1; x <= (int) u[i] + 1; x++) {
          if (x < 0 || y < 0 || x >= w || y >= h || z[i] >= depth[y * w + x]) continue;
          depth[y * w + x] = z[i];
          out[3 * (y * w + x)] = (byte) (colours[label] >> 16);
          out[3 * (y * w + x) + 1] = (byte) (colours[label] >> 8);
          out[3 * (y * w + x) + 2] = (byte) colours[label];
        }
      }
    }
    return out;
  }
}
