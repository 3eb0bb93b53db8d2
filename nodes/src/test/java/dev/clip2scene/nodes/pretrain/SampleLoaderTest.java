package dev.clip2scene.nodes.pretrain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clip2scene.model.geometry.CameraCalibration;
import dev.clip2scene.model.geometry.Quaternion;
import dev.clip2scene.model.geometry.RigidTransform;
import dev.clip2scene.model.geometry.Vector3;
import dev.clip2scene.model.train.CameraFrame;
import dev.clip2scene.model.train.PretrainConfig;
import dev.clip2scene.model.train.Sample;
import dev.clip2scene.msgs.MessageTypes;
import dev.clip2scene.msgs.builtin.Time;
import dev.clip2scene.msgs.sensor.CompressedImage;
import dev.clip2scene.msgs.sensor.Image;
import dev.clip2scene.msgs.std.Header;
import dev.clip2scene.nodes.bag.WriterOptions;
import dev.clip2scene.nodes.dataset.ImportBag;
import dev.clip2scene.nodes.tf.StampedTransform;
import dev.clip2scene.nodes.tf.TfMessages;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Samples from a bag where the vehicle drives and turns between sweeps: earlier sweeps registered into the keyframe
 * through odom -> base_link -> lidar, near points dropped, the nearest image per camera within the tolerance, and
 * the lidar -> camera transform taken at the image's stamp, not the keyframe's.
 */
class SampleLoaderTest {
  private static final long MS = 1_000_000L;
  private static final String CLOUD = "/lidar/points";
  private static final String FRONT = "/front/image_raw";
  private static final String LEFT = "/left/image_raw/compressed";
  /** base_link -> lidar: 1 m ahead, 1.8 m up, turned 90 degrees left. */
  private static final RigidTransform LIDAR = RigidTransform.of(1, 0, 1.8, yaw(Math.PI / 2));
  /** base_link -> the front camera's optical frame (z ahead, x right, y down). */
  private static final RigidTransform FRONT_CAMERA = RigidTransform.of(1.5, 0, 1.5, new Quaternion(-0.5, 0.5, -0.5, 0.5));
  private static final RigidTransform LEFT_CAMERA = RigidTransform.of(0.5, 0.8, 1.5, yaw(Math.PI / 2).multiply(new Quaternion(-0.5, 0.5, -0.5, 0.5)));
  /** A static point of the world, in odom. */
  private static final Vector3 POLE = new Vector3(25, 4, 0.5);
  private static final int POLE_LABEL = 7;
  @TempDir Path tmp;

  /** odom -> base_link: 10 m/s ahead, drifting left, turning at 0.5 rad/s. */
  private static RigidTransform ego(long ns) {
    double t = ns / 1e9;
    return new RigidTransform(new Vector3(10 * t, 0.2 * t, 0), yaw(0.5 * t));
  }

  private static Quaternion yaw(double angle) {
    return Quaternion.fromAxisAngle(new Vector3(0, 0, 1), angle);
  }

  @Test
  void registersSweepsPairsNearestImagesAtTheirStamps() throws IOException {
    Path bag = writeBag();
    PretrainConfig.Data config = new PretrainConfig.Data();
    config.cloudTopic = CLOUD;
    config.cameraTopics = List.of(FRONT, LEFT);
    config.sweeps = 3;
    List<String> warnings = new ArrayList<>();
    List<Sample> samples = SampleLoader.loadAll(List.of(bag), config, warnings::add);
    assertEquals(List.of(), warnings);
    assertEquals(3, samples.size());

    Sample key = samples.get(2);
    assertEquals(1200 * MS, key.stampNs());
    assertEquals(5, key.keyframePoints(), "the pole and 4 far points; the point 0.4 m from the sensor is dropped");
    assertEquals(15, key.pointCount(), "three sweeps of 5 kept points");
    for (int i = 0; i < key.pointCount(); i++) {
      float x = key.points()[4 * i], y = key.points()[4 * i + 1], z = key.points()[4 * i + 2];
      assertTrue(x * x + y * y + z * z >= 1, "point " + i + " is at least 1 m from the sensor");
    }
    // the pole is point 0 of every sweep: the keyframe's own, then 1.1 s and 1.0 s registered into it
    Vector3 expected = ego(1200 * MS).compose(LIDAR).inverse().apply(POLE);
    for (int sweep = 0; sweep < 3; sweep++) {
      int i = 5 * sweep;
      assertEquals(expected.x(), key.points()[4 * i], 1e-5, "pole x from sweep " + sweep);
      assertEquals(expected.y(), key.points()[4 * i + 1], 1e-5, "pole y from sweep " + sweep);
      assertEquals(expected.z(), key.points()[4 * i + 2], 1e-5, "pole z from sweep " + sweep);
      assertEquals(POLE_LABEL, key.labels()[i], "labels follow their points");
      assertEquals(sweep, key.points()[4 * i + 3], "intensity carries through");
    }
    assertArrayEquals(new int[] {POLE_LABEL, 1, 2, 3, 4}, java.util.Arrays.copyOf(key.labels(), 5), "the near point's label 9 went with it");

    assertEquals(2, key.cameras().size());
    CameraFrame front = key.cameras().get(0);
    CameraFrame left = key.cameras().get(1);
    assertEquals(FRONT, front.topic());
    assertEquals(1190 * MS, front.stampNs(), "1.19 s is nearer to 1.2 s than 1.24 s");
    assertEquals(LEFT, left.topic());
    assertEquals(1230 * MS, left.stampNs());
    assertEquals(190, front.image().get().rgb()[0] & 0xff, "the chosen image's pixels");
    assertEquals(230, left.image().get().rgb()[0] & 0xff, "the PNG decoded");
    assertEquals(4, front.camera().width());
    // lidar at the keyframe -> odom -> camera at the image stamp, while the car moved 0.1 m and turned
    assertSameTransform(ego(1190 * MS).compose(FRONT_CAMERA).inverse().compose(ego(1200 * MS)).compose(LIDAR), front.cloudToCamera());
    assertSameTransform(ego(1230 * MS).compose(LEFT_CAMERA).inverse().compose(ego(1200 * MS)).compose(LIDAR), left.cloudToCamera());

    Sample first = samples.get(0);
    assertEquals(5, first.pointCount(), "no earlier sweep");
    assertEquals(List.of(), first.cameras(), "no image within 50 ms of 1.0 s");
    assertEquals(1, samples.get(1).cameras().size(), "at 1.1 s only the left camera's 1.13 s image is near enough");
  }

  @Test
  void warnsAndStitchesWithoutEgoPoses() throws IOException {
    Path bag = tmp.resolve("still");
    try (ImportBag w = ImportBag.create(bag, WriterOptions.MCAP)) {
      w.topic(CLOUD, MessageTypes.POINT_CLOUD2);
      for (long t : new long[] {1000 * MS, 1100 * MS}) w.write(CLOUD, MessageTypes.POINT_CLOUD2, t, cloud(t, RigidTransform.IDENTITY));
    }
    PretrainConfig.Data config = new PretrainConfig.Data();
    config.cloudTopic = CLOUD;
    config.cameraTopics = List.of();
    List<String> warnings = new ArrayList<>();
    Sample s = SampleLoader.loadAll(List.of(bag), config, warnings::add).get(1);
    assertTrue(warnings.size() == 1 && warnings.get(0).contains("no ego poses"), warnings.toString());
    assertEquals(10, s.pointCount());
    assertEquals(s.points()[0], s.points()[20], "the same coordinates, unregistered");
  }

  private Path writeBag() throws IOException {
    Path bag = tmp.resolve("drive");
    try (ImportBag w = ImportBag.create(bag, WriterOptions.MCAP)) {
      w.topic("/tf_static", MessageTypes.TF_MESSAGE);
      w.topic("/tf", MessageTypes.TF_MESSAGE);
      w.topic(CLOUD, MessageTypes.POINT_CLOUD2);
      w.topic(FRONT, MessageTypes.IMAGE);
      w.topic("/front/camera_info", MessageTypes.CAMERA_INFO);
      w.topic(LEFT, MessageTypes.COMPRESSED_IMAGE);
      w.topic("/left/camera_info", MessageTypes.CAMERA_INFO);
      w.write("/tf_static", MessageTypes.TF_MESSAGE, 900 * MS, TfMessages.message(List.of(new StampedTransform("base_link", "lidar", 0, LIDAR),
          new StampedTransform("base_link", "front", 0, FRONT_CAMERA), new StampedTransform("base_link", "left", 0, LEFT_CAMERA)), 900 * MS));
      // poses every 0.1 s and at the image stamps (tf's interpolation is TransformBuffer's business, not this test's)
      for (long t : new long[] {900 * MS, 1000 * MS, 1100 * MS, 1130 * MS, 1190 * MS, 1200 * MS, 1230 * MS, 1300 * MS}) {
        w.write("/tf", MessageTypes.TF_MESSAGE, t, TfMessages.message(List.of(new StampedTransform("odom", "base_link", t, ego(t))), t));
      }
      for (long t = 1000 * MS; t <= 1200 * MS; t += 100 * MS) {
        w.write(CLOUD, MessageTypes.POINT_CLOUD2, t, cloud(t, ego(t).compose(LIDAR)));
      }
      CameraCalibration pinhole = CameraCalibration.pinhole(4, 3, 3, 3, 2, 1.5);
      for (long t : new long[] {1170 * MS, 1190 * MS, 1240 * MS}) {
        Header h = new Header(Time.ofNanos(t), "front");
        w.write(FRONT, MessageTypes.IMAGE, t, new Image(h, 3, 4, "rgb8", 0, 12, filled(36, (int) (t / MS) - 1000)));
        w.write("/front/camera_info", MessageTypes.CAMERA_INFO, t, ImportBag.cameraInfo(h, pinhole));
      }
      for (long t : new long[] {1130 * MS, 1230 * MS}) {
        Header h = new Header(Time.ofNanos(t), "left");
        w.write(LEFT, MessageTypes.COMPRESSED_IMAGE, t, new CompressedImage(h, "png", png((int) (t / MS) - 1000)));
        w.write("/left/camera_info", MessageTypes.CAMERA_INFO, t, ImportBag.cameraInfo(h, pinhole));
      }
    }
    return bag;
  }

  /**
   * The cloud of the sweep at T taken by a lidar at pose ODOM_TO_LIDAR: the pole (intensity = sweep index), a point
   * 0.4 m from the sensor, four far points; labels 7, 9, 1, 2, 3, 4.
   */
  private static dev.clip2scene.msgs.sensor.PointCloud2 cloud(long t, RigidTransform odomToLidar) {
    Vector3 pole = odomToLidar.inverse().apply(POLE);
    float sweep = (t / MS - 1000) / 100f;
    float[] xyzi = {(float) pole.x(), (float) pole.y(), (float) pole.z(), 2 - sweep, 0.3f, 0.2f, 0.1f, 0, 5, 0, 0, 0, 0, 8, 1, 0, -6, 0, 2, 0, 3, 3, 3, 0};
    int[] labels = {POLE_LABEL, 9, 1, 2, 3, 4};
    return ImportBag.cloud(new Header(Time.ofNanos(t), "lidar"), xyzi, List.of(new ImportBag.Uint16Field("label", labels)));
  }

  private static byte[] filled(int n, int value) {
    byte[] b = new byte[n];
    java.util.Arrays.fill(b, (byte) value);
    return b;
  }

  private static byte[] png(int grey) throws IOException {
    BufferedImage img = new BufferedImage(4, 3, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 3; y++) for (int x = 0; x < 4; x++) img.setRGB(x, y, grey << 16 | grey << 8 | grey);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }

  private static void assertSameTransform(RigidTransform expected, RigidTransform actual) {
    for (Vector3 p : List.of(new Vector3(0, 0, 0), new Vector3(10, -3, 2), new Vector3(-4, 7, 1))) {
      Vector3 e = expected.apply(p);
      Vector3 a = actual.apply(p);
      assertEquals(0, e.minus(a).norm(), 1e-9, "transform of " + p);
    }
  }
}
