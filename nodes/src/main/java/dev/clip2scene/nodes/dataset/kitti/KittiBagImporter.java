package dev.clip2scene.nodes.dataset.kitti;

import dev.clip2scene.model.image.EncodedImage;
import dev.clip2scene.model.image.ImageLimits;
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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

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
    String tfTopic = perFrameTf ? "/tf" : "/tf_static";
    int images = 0;
    int labelled = 0;
    try (ImportBag w = ImportBag.create(bag, options)) {
      w.topic(CLOUD_TOPIC, MessageTypes.POINT_CLOUD2);
      boolean anyImage = frames.stream().anyMatch(f -> f.image() != null);
      String imageTopic = compressedImages ? COMPRESSED_TOPIC : IMAGE_TOPIC;
      if (anyImage) {
        w.topic(imageTopic, compressedImages ? MessageTypes.COMPRESSED_IMAGE : MessageTypes.IMAGE);
        w.topic(INFO_TOPIC, MessageTypes.CAMERA_INFO);
        w.topic(tfTopic, MessageTypes.TF_MESSAGE);
      }
      boolean staticWritten = false;
      for (KittiFrame f : frames) {
        float[] scan = KittiVelodyne.read(f.velodyne());
        int[] labels = f.labels() == null ? null : SemanticKittiLabels.read(f.labels(), scan.length / KittiVelodyne.STRIDE);
        if (labels != null) labelled++;
        List<ImportBag.Uint16Field> extra = labels == null ? List.of() : List.of(new ImportBag.Uint16Field("label", labels));
        w.write(CLOUD_TOPIC, MessageTypes.POINT_CLOUD2, f.stampNs(), ImportBag.cloud(new Header(Time.ofNanos(f.stampNs()), BASE_FRAME), scan, extra));
        if (f.image() == null) continue;
        KittiCalibration calib = Objects.requireNonNull(f.calibration(), "calibration");
        if (perFrameTf || !staticWritten) {
          long t = perFrameTf ? f.stampNs() : frames.get(0).stampNs();
          StampedTransform camera = new StampedTransform(BASE_FRAME, CAMERA_FRAME, t, calib.veloToCamera(CAMERA).inverse());
          w.write(tfTopic, MessageTypes.TF_MESSAGE, t, TfMessages.message(List.of(camera), t));
          staticWritten = true;
        }
        long ts = f.imageStampNs();
        Header h = new Header(Time.ofNanos(ts), CAMERA_FRAME);
        BufferedImage img = EncodedImage.read(f.image(), ImageLimits.DEFAULT); // errors name the file
        if (compressedImages) {
          w.write(imageTopic, MessageTypes.COMPRESSED_IMAGE, ts, new CompressedImage(h, "png", Files.readAllBytes(f.image())));
        } else {
          w.write(imageTopic, MessageTypes.IMAGE, ts, rgb8(h, img));
        }
        w.write(INFO_TOPIC, MessageTypes.CAMERA_INFO, ts, ImportBag.cameraInfo(h, calib.camera(CAMERA, img.getWidth(), img.getHeight())));
        images++;
      }
    }
    return new Summary(kind, frames.size(), images, labelled, bag);
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
}
