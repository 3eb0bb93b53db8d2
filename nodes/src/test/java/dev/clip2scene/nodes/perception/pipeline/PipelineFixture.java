package dev.clip2scene.nodes.perception.pipeline;

import dev.clip2scene.model.fusion.FusionMode;
import dev.clip2scene.model.geometry.CameraCalibration;
import dev.clip2scene.model.geometry.Quaternion;
import dev.clip2scene.model.geometry.RigidTransform;
import dev.clip2scene.model.net.NetworkConfig;
import dev.clip2scene.model.voxel.CropBox;
import dev.clip2scene.msgs.MessageTypes;
import dev.clip2scene.msgs.builtin.Time;
import dev.clip2scene.msgs.pointcloud.PointCloud2View;
import dev.clip2scene.msgs.sensor.CameraInfo;
import dev.clip2scene.msgs.sensor.Image;
import dev.clip2scene.msgs.sensor.RegionOfInterest;
import dev.clip2scene.msgs.std.Header;
import dev.clip2scene.nodes.perception.XyziCloud;
import dev.clip2scene.nodes.tf.StampedTransform;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/** A pipeline with a tiny random network, the messages it eats, and an output that keeps what it gets. */
public final class PipelineFixture {
  static final String FRAME = "velodyne";
  static final String CAMERA = "/cam/image_raw";
  static final String OPTICAL = "cam";
  static final long T0 = 1_700_000_000_000_000_000L;
  static final long MS = 1_000_000L;
  static final int WIDTH = 640;
  static final int HEIGHT = 480;
  /** A 640 x 480 pinhole camera, f = 500 px, centred. */
  static final CameraCalibration PINHOLE = CameraCalibration.pinhole(WIDTH, HEIGHT, 500, 500, 320, 240);
  /** The optical frame looks along the LiDAR's +x (optical z = x, x = -y, y = -z). */
  static final RigidTransform LIDAR_TO_OPTICAL_POSE = RigidTransform.of(0, 0, 0, new Quaternion(-0.5, 0.5, -0.5, 0.5));
  static final byte GREY = 0x40;

  private PipelineFixture() {}

  /** The network of every pipeline test: SPVCNN layout, widths 4-8, DIM features, random weights of seed 7. */
  static NetworkConfig network(int dim) {
    return NetworkConfig.preset("spvcnn").withWidths(new int[] {4, 4, 8, 8, 8, 8, 8, 4, 4}).withOutputDim(dim);
  }

  static ModelSettings model(int dim) {
    return new ModelSettings(null, network(dim), 7, new CropBox(-80, -80, -10, 80, 80, 10), null, "semantickitti", null, null,
        dev.clip2scene.model.infer.device.DeviceChoice.CPU);
  }

  /** Pipeline settings, the node's defaults unless changed. */
  static final class Settings {
    List<String> cameras = List.of();
    boolean overlays;
    String targetFrame = "";
    double tfWaitS = 0.1;
    double pairingToleranceS = 0.05;
    FusionMode fusion = FusionMode.OFF;
    double fusionRateHz = 1000;
    int fusionHeight = 240;
    double overlayRateHz = 1000;
    int pointSize = 3;
    int cell = 8;
    double tolerance = 0.5;

    PipelineSettings build() {
      return new PipelineSettings(cameras, overlays, targetFrame, tfWaitS, pairingToleranceS, fusion, fusionRateHz, fusionHeight,
          overlayRateHz, pointSize, cell, tolerance);
    }
  }

  /** What the pipeline output: semantic clouds (decoded copies) and overlays. */
  static final class Collector implements PerceptionPipeline.Output {
    final List<PointCloud2View> clouds = new ArrayList<>();
    final List<Image> overlays = new ArrayList<>();

    @Override
    public void cloud(byte[] payload, int length) {
      clouds.add(PointCloud2View.decode(Arrays.copyOf(payload, length)));
    }

    @Override
    public void overlay(CameraStream camera, Image overlay) {
      overlays.add(overlay);
    }

    PointCloud2View last() {
      return clouds.get(clouds.size() - 1);
    }
  }

  static Header header(long stampNs) {
    return new Header(Time.ofNanos(stampNs), FRAME);
  }

  static byte[] cloud(long stampNs, float[] xyzi, boolean intensity) {
    return MessageTypes.POINT_CLOUD2.encode(XyziCloud.of(header(stampNs), xyzi, intensity));
  }

  /** N random points in a 40 m box around the sensor, intensity 0..1. */
  public static float[] randomPoints(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] p = new float[n * 4];
    for (int i = 0; i < n; i++) {
      p[4 * i] = (float) (r.nextDouble() * 40 - 20);
      p[4 * i + 1] = (float) (r.nextDouble() * 40 - 20);
      p[4 * i + 2] = (float) (r.nextDouble() * 4 - 2);
      p[4 * i + 3] = (float) r.nextDouble();
    }
    return p;
  }

  /** N random points in front of the camera (x 2..30 m, inside its field of view or a little beyond). */
  static float[] pointsAhead(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] p = new float[n * 4];
    for (int i = 0; i < n; i++) {
      double x = 2 + r.nextDouble() * 28;
      p[4 * i] = (float) x;
      p[4 * i + 1] = (float) ((r.nextDouble() * 1.6 - 0.8) * x);
      p[4 * i + 2] = (float) ((r.nextDouble() * 1.2 - 0.6) * x);
      p[4 * i + 3] = (float) r.nextDouble();
    }
    return p;
  }

  /** Pixel (u, v) of LiDAR point (x, y, z) in the pinhole camera, computed here by hand. */
  static double[] pixel(double x, double y, double z) {
    return new double[] {320 - 500 * y / x, 240 - 500 * z / x};
  }

  static boolean inView(double x, double y, double z) {
    double[] uv = pixel(x, y, z);
    return x > 1 && uv[0] >= 0 && uv[0] < WIDTH && uv[1] >= 0 && uv[1] < HEIGHT;
  }

  static CameraInfo cameraInfo() {
    CameraCalibration k = PINHOLE;
    return new CameraInfo(new Header(Time.ofNanos(T0), OPTICAL), HEIGHT, WIDTH, k.distortionModel(), k.d(), k.k(), k.r(), k.p(), 0, 0,
        new RegionOfInterest(0, 0, 0, 0, false));
  }

  /** A grey rgb8 camera image stamped STAMP_NS. */
  static byte[] image(long stampNs) {
    byte[] data = new byte[WIDTH * HEIGHT * 3];
    Arrays.fill(data, GREY);
    return MessageTypes.IMAGE.encode(new Image(new Header(Time.ofNanos(stampNs), OPTICAL), HEIGHT, WIDTH, "rgb8", 0, 3 * WIDTH, data));
  }

  /** The camera mounted on the LiDAR: /tf_static velodyne -> cam. */
  static StampedTransform cameraMount() {
    return new StampedTransform(FRAME, OPTICAL, 0, LIDAR_TO_OPTICAL_POSE);
  }

  /** Labels of a semantic cloud, in point order. */
  static int[] labels(PointCloud2View cloud) {
    int[] l = new int[cloud.size()];
    for (int i = 0; i < l.length; i++) l[i] = (int) cloud.require("label").getDouble(i);
    return l;
  }
}
