package dev.clip2scene.nodes.dataset.kitti;

import dev.clip2scene.model.geometry.CameraCalibration;
import dev.clip2scene.model.geometry.RigidTransform;
import dev.clip2scene.msgs.MessageTypes;
import dev.clip2scene.msgs.RosMessageType;
import dev.clip2scene.msgs.builtin.Time;
import dev.clip2scene.msgs.geometry.Quaternion;
import dev.clip2scene.msgs.geometry.Transform;
import dev.clip2scene.msgs.geometry.TransformStamped;
import dev.clip2scene.msgs.geometry.Vector3;
import dev.clip2scene.msgs.sensor.CameraInfo;
import dev.clip2scene.msgs.sensor.CompressedImage;
import dev.clip2scene.msgs.sensor.Image;
import dev.clip2scene.msgs.sensor.PointCloud2;
import dev.clip2scene.msgs.sensor.PointField;
import dev.clip2scene.msgs.sensor.RegionOfInterest;
import dev.clip2scene.msgs.std.Header;
import dev.clip2scene.msgs.tf2.TFMessage;
import dev.clip2scene.nodes.bag.BagMessage;
import dev.clip2scene.nodes.bag.BagWriter;
import dev.clip2scene.nodes.bag.MessageDefinition;
import dev.clip2scene.nodes.bag.TopicInfo;
import dev.clip2scene.nodes.bag.WriterOptions;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.imageio.ImageIO;

/**
 * Writes a KITTI folder ({@link KittiLayout}) as a rosbag2 bag: per frame a PointCloud2 on {@link #CLOUD_TOPIC}
 * (x, y, z, intensity float32, plus a uint16 {@code label} with SemanticKITTI training ids, 255 = ignore, when
 * labels exist) in frame {@link #BASE_FRAME} (the velodyne frame is base_link), the left colour image (rgb8
 * Image, or the PNG itself as CompressedImage) and its CameraInfo in frame {@link #CAMERA_FRAME} (the rectified
 * optical frame of camera 2), and the transform base_link -> camera_2: on /tf_static once for sequences, on /tf at
 * every frame's stamp for the object benchmark, whose frames each carry their own calibration.
 */
public final class KittiBagImporter {
  public static final String CLOUD_TOPIC = "/velodyne_points";
  public static final String IMAGE_TOPIC = "/camera_2/image_raw";
  public static final String COMPRESSED_TOPIC = "/camera_2/image_raw/compressed";
  public static final String INFO_TOPIC = "/camera_2/camera_info";
  public static final String BASE_FRAME = "base_link";
  public static final String CAMERA_FRAME = "camera_2";
  private static final int CAMERA = KittiObjectFrame.LEFT_COLOUR_CAMERA;

  /** What was written. */
  public record Summary(KittiLayout.Kind layout, int frames, int images, int labelledFrames, Path bag) {}

  private KittiBagImporter() {}

  public static Summary run(Path kittiDir, Path bag, WriterOptions options, boolean compressedImages) throws IOException {
    KittiLayout.Kind kind = KittiLayout.detect(kittiDir);
    List<KittiFrame> frames = KittiLayout.frames(kittiDir);
    boolean perFrameTf = kind == KittiLayout.Kind.OBJECT;
    int images = 0;
    int labelled = 0;
    try (BagWriter w = BagWriter.create(bag, options)) {
      add(w, CLOUD_TOPIC, MessageTypes.POINT_CLOUD2);
      boolean anyImage = frames.stream().anyMatch(f -> f.image() != null);
      String imageTopic = compressedImages ? COMPRESSED_TOPIC : IMAGE_TOPIC;
      if (anyImage) {
        add(w, imageTopic, compressedImages ? MessageTypes.COMPRESSED_IMAGE : MessageTypes.IMAGE);
        add(w, INFO_TOPIC, MessageTypes.CAMERA_INFO);
        add(w, perFrameTf ? "/tf" : "/tf_static", MessageTypes.TF_MESSAGE);
      }
      boolean staticWritten = false;
      for (KittiFrame f : frames) {
        float[] scan = KittiVelodyne.read(f.velodyne());
        int[] labels = f.labels() == null ? null : SemanticKittiLabels.read(f.labels(), scan.length / KittiVelodyne.STRIDE);
        if (labels != null) labelled++;
        write(w, CLOUD_TOPIC, MessageTypes.POINT_CLOUD2, f.stampNs(), cloud(f.stampNs(), scan, labels));
        if (f.image() == null) continue;
        KittiCalibration calib = Objects.requireNonNull(f.calibration(), "calibration");
        if (perFrameTf || !staticWritten) {
          long t = perFrameTf ? f.stampNs() : frames.get(0).stampNs();
          write(w, perFrameTf ? "/tf" : "/tf_static", MessageTypes.TF_MESSAGE, t, tf(t, calib.veloToCamera(CAMERA)));
          staticWritten = true;
        }
        long ts = f.imageStampNs();
        Header h = new Header(Time.ofNanos(ts), CAMERA_FRAME);
        BufferedImage img = ImageIO.read(f.image().toFile());
        if (img == null) throw new KittiFormatException(f.image(), "not a readable PNG");
        if (compressedImages) {
          write(w, imageTopic, MessageTypes.COMPRESSED_IMAGE, ts, new CompressedImage(h, "png", Files.readAllBytes(f.image())));
        } else {
          write(w, imageTopic, MessageTypes.IMAGE, ts, rgb8(h, img));
        }
        write(w, INFO_TOPIC, MessageTypes.CAMERA_INFO, ts, info(h, calib.camera(CAMERA, img.getWidth(), img.getHeight())));
        images++;
      }
    }
    return new Summary(kind, frames.size(), images, labelled, bag);
  }

  private static void add(BagWriter w, String topic, RosMessageType<?> type) throws IOException {
    w.addTopic(new TopicInfo(topic, type.name(), "cdr", "", "", new MessageDefinition("ros2msg", type.schemaText()), 0));
  }

  private static <T> void write(BagWriter w, String topic, RosMessageType<T> type, long t, T message) throws IOException {
    w.write(new BagMessage(topic, type.name(), t, t, type.encode(message)));
  }

  static PointCloud2 cloud(long stampNs, float[] scan, int[] labels) {
    int n = scan.length / KittiVelodyne.STRIDE;
    int step = labels == null ? 16 : 20;
    ByteBuffer b = ByteBuffer.allocate(n * step).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < n; i++) {
      b.position(i * step);
      for (int k = 0; k < 4; k++) b.putFloat(scan[i * 4 + k]);
      if (labels != null) b.putShort((short) labels[i]);
    }
    List<PointField> fields = new ArrayList<>(List.of(new PointField("x", 0, 7, 1), new PointField("y", 4, 7, 1),
        new PointField("z", 8, 7, 1), new PointField("intensity", 12, 7, 1)));
    if (labels != null) fields.add(new PointField("label", 16, 4, 1));
    return new PointCloud2(new Header(Time.ofNanos(stampNs), BASE_FRAME), 1, n, fields, false, step, n * step, b.array(), true);
  }

  private static TFMessage tf(long stampNs, RigidTransform veloToCamera) {
    RigidTransform cameraInBase = veloToCamera.inverse();
    var t = cameraInBase.translation();
    var q = cameraInBase.rotation();
    return new TFMessage(List.of(new TransformStamped(new Header(Time.ofNanos(stampNs), BASE_FRAME), CAMERA_FRAME,
        new Transform(new Vector3(t.x(), t.y(), t.z()), new Quaternion(q.x(), q.y(), q.z(), q.w())))));
  }

  private static Image rgb8(Header h, BufferedImage img) {
    int w = img.getWidth();
    int hgt = img.getHeight();
    byte[] data = new byte[w * hgt * 3];
    int[] row = new int[w];
    for (int y = 0; y < hgt; y++) {
      img.getRGB(0, y, w, 1, row, 0, w);
      for (int x = 0; x < w; x++) {
        int o = (y * w + x) * 3;
        data[o] = (byte) (row[x] >> 16);
        data[o + 1] = (byte) (row[x] >> 8);
        data[o + 2] = (byte) row[x];
      }
    }
    return new Image(h, hgt, w, "rgb8", 0, w * 3, data);
  }

  private static CameraInfo info(Header h, CameraCalibration c) {
    return new CameraInfo(h, c.height(), c.width(), c.distortionModel(), c.d(), c.k(), c.r(), c.p(), 0, 0, RegionOfInterest.FULL);
  }
}
