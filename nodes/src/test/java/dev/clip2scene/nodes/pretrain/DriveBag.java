package dev.clip2scene.nodes.pretrain;

import dev.clip2scene.model.geometry.CameraCalibration;
import dev.clip2scene.model.geometry.Quaternion;
import dev.clip2scene.model.geometry.RigidTransform;
import dev.clip2scene.model.geometry.Vector3;
import dev.clip2scene.model.train.PretrainConfig;
import dev.clip2scene.msgs.MessageTypes;
import dev.clip2scene.msgs.builtin.Time;
import dev.clip2scene.msgs.sensor.Image;
import dev.clip2scene.msgs.std.Header;
import dev.clip2scene.nodes.bag.WriterOptions;
import dev.clip2scene.nodes.dataset.ImportBag;
import dev.clip2scene.nodes.tf.StampedTransform;
import dev.clip2scene.nodes.tf.TfMessages;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A small test drive: a car going 10 m/s along x with a lidar (frame "lidar", 1 m ahead and 1.8 m up) seeing a pole
 * 25 m down the road and four far points, and a front camera (an 8 x 6 pinhole with a 67 degree field of view) whose
 * images come 10 ms after each cloud. Clouds every 100 ms from 1 s, ego poses on /tf every 10 ms, the mounting on
 * /tf_static. Parts can be left out to make bad input.
 */
record DriveBag(int clouds, boolean images, boolean cameraInfo, long tfGapFromNs, long tfGapToNs, WriterOptions options, CameraCalibration info) {
  static final long MS = 1_000_000L;
  static final String CLOUD = "/lidar/points";
  static final String FRONT = "/front/image_raw";
  static final RigidTransform LIDAR = RigidTransform.of(1, 0, 1.8, Quaternion.IDENTITY);
  static final RigidTransform FRONT_CAMERA = RigidTransform.of(1.5, 0, 1.5, new Quaternion(-0.5, 0.5, -0.5, 0.5));
  static final CameraCalibration PINHOLE = CameraCalibration.pinhole(8, 6, 6, 6, 4, 3);

  static DriveBag of(int clouds) {
    return new DriveBag(clouds, true, true, 0, -1, WriterOptions.MCAP, PINHOLE);
  }

  DriveBag withoutImages() {
    return new DriveBag(clouds, false, cameraInfo, tfGapFromNs, tfGapToNs, options, info);
  }

  DriveBag withoutCameraInfo() {
    return new DriveBag(clouds, images, false, tfGapFromNs, tfGapToNs, options, info);
  }

  /** No ego pose from FROM to TO (ns). */
  DriveBag withTfGap(long from, long to) {
    return new DriveBag(clouds, images, cameraInfo, from, to, options, info);
  }

  DriveBag with(WriterOptions o) {
    return new DriveBag(clouds, images, cameraInfo, tfGapFromNs, tfGapToNs, o, info);
  }

  /** camera_info with calibration K (the images stay 8 x 6). */
  DriveBag withCameraInfo(CameraCalibration k) {
    return new DriveBag(clouds, images, cameraInfo, tfGapFromNs, tfGapToNs, options, k);
  }

  static long cloudStamp(int i) {
    return 1000 * MS + i * 100 * MS;
  }

  static RigidTransform ego(long ns) {
    return new RigidTransform(new Vector3(10 * ns / 1e9, 0, 0), Quaternion.IDENTITY);
  }

  Path write(Path bag) throws IOException {
    try (ImportBag w = ImportBag.create(bag, options)) {
      w.topic("/tf_static", MessageTypes.TF_MESSAGE);
      w.topic("/tf", MessageTypes.TF_MESSAGE);
      w.topic(CLOUD, MessageTypes.POINT_CLOUD2);
      w.topic(FRONT, MessageTypes.IMAGE);
      w.topic("/front/camera_info", MessageTypes.CAMERA_INFO);
      w.write("/tf_static", MessageTypes.TF_MESSAGE, 900 * MS, TfMessages.message(List.of(new StampedTransform("base_link", "lidar", 0, LIDAR),
          new StampedTransform("base_link", "front", 0, FRONT_CAMERA)), 900 * MS));
      long end = cloudStamp(clouds) + 100 * MS;
      for (long t = 900 * MS; t <= end; t += 10 * MS) {
        if (t >= tfGapFromNs && t <= tfGapToNs) continue;
        w.write("/tf", MessageTypes.TF_MESSAGE, t, TfMessages.message(List.of(new StampedTransform("odom", "base_link", t, ego(t))), t));
      }
      for (int i = 0; i < clouds; i++) {
        long t = cloudStamp(i);
        w.write(CLOUD, MessageTypes.POINT_CLOUD2, t, cloud(t));
        Header h = new Header(Time.ofNanos(t + 10 * MS), "front");
        if (images) w.write(FRONT, MessageTypes.IMAGE, t + 10 * MS, new Image(h, 6, 8, "mono8", 0, 8, new byte[48]));
        if (cameraInfo) w.write("/front/camera_info", MessageTypes.CAMERA_INFO, t + 10 * MS, ImportBag.cameraInfo(h, info));
      }
    }
    return bag;
  }

  /** The lidar's view at T: the pole at (25, 1, 0.5) in odom, and four far points; labels 7, 1, 2, 3, 4. */
  private static dev.clip2scene.msgs.sensor.PointCloud2 cloud(long t) {
    Vector3 pole = ego(t).compose(LIDAR).inverse().apply(new Vector3(25, 1, 0.5));
    float[] xyzi = {(float) pole.x(), (float) pole.y(), (float) pole.z(), 1, 5, 0, 0, 0, 0, 8, 1, 0, -6, 0, 2, 0, 3, 3, 3, 0};
    return ImportBag.cloud(new Header(Time.ofNanos(t), "lidar"), xyzi, List.of(new ImportBag.Uint16Field("label", new int[] {7, 1, 2, 3, 4})));
  }

  /** Sample settings for this drive: 3 sweeps, the front camera. */
  static PretrainConfig.Data data() {
    PretrainConfig.Data d = new PretrainConfig.Data();
    d.cloudTopic = CLOUD;
    d.cameraTopics = List.of(FRONT);
    d.sweeps = 3;
    return d;
  }
}
