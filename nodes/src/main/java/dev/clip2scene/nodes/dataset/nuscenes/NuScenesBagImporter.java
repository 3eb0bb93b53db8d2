package dev.clip2scene.nodes.dataset.nuscenes;

import dev.clip2scene.model.geometry.CameraCalibration;
import dev.clip2scene.msgs.MessageTypes;
import dev.clip2scene.msgs.builtin.Time;
import dev.clip2scene.msgs.sensor.CompressedImage;
import dev.clip2scene.msgs.std.Header;
import dev.clip2scene.nodes.bag.WriterOptions;
import dev.clip2scene.nodes.dataset.ImportBag;
import dev.clip2scene.nodes.tf.StampedTransform;
import dev.clip2scene.nodes.tf.TfMessages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes nuScenes scenes ({@link NuScenesTables}) as a rosbag2 bag, every LiDAR sweep and camera image (keyframes
 * and sweeps) in timestamp order: the ego pose of each on {@code /tf} (odom -> base_link at its timestamp; odom is
 * nuScenes' global frame), the sensors' extrinsics once on {@code /tf_static} (base_link -> channel, e.g.
 * LIDAR_TOP, CAM_FRONT: nuScenes camera frames are optical frames), PointCloud2 on {@code /LIDAR_TOP} (x, y, z,
 * intensity float32, ring uint16, plus a uint16 {@code label} on keyframes with lidarseg labels), the JPEG files as
 * CompressedImage on {@code /CAM_*}{@code /image/compressed} and CameraInfo (K from camera_intrinsic, no distortion:
 * the images are undistorted) on {@code /CAM_*}{@code /camera_info}. Radar is skipped.
 */
public final class NuScenesBagImporter {
  public static final String ODOM_FRAME = "odom";
  public static final String BASE_FRAME = "base_link";

  /** What was written. */
  public record Summary(List<String> scenes, int sweeps, int keyframes, int labelledKeyframes, int images, List<String> cameras, Path bag) {}

  private NuScenesBagImporter() {}

  public static String cloudTopic(String channel) {
    return "/" + channel;
  }

  public static String imageTopic(String channel) {
    return "/" + channel + "/image/compressed";
  }

  public static String infoTopic(String channel) {
    return "/" + channel + "/camera_info";
  }

  /**
   * @param version the table folder (e.g. v1.0-mini), or null for the only v1.0-* folder of DIR
   * @param sceneNames scenes to import (scene.json names), empty for all
   */
  public static Summary run(Path dir, String version, Set<String> sceneNames, Path bag, WriterOptions options) throws IOException {
    NuScenesTables tables = NuScenesTables.load(dir, version);
    List<NuScenesTables.SampleData> rows = new ArrayList<>();
    Set<String> scenes = new LinkedHashSet<>();
    for (NuScenesTables.SampleData d : tables.sampleData()) {
      if (!sceneNames.isEmpty() && !sceneNames.contains(d.sceneName())) continue;
      if (!d.modality().equals("lidar") && !d.modality().equals("camera")) continue;
      rows.add(d);
      scenes.add(d.sceneName());
    }
    for (String s : sceneNames) {
      if (!scenes.contains(s)) throw new NuScenesFormatException(tables.tables().resolve("scene.json"), "no LiDAR or camera data for scene " + s);
    }
    if (rows.isEmpty()) throw new NuScenesFormatException(tables.tables().resolve("sample_data.json"), "no LiDAR or camera sample_data");
    rows.sort(Comparator.comparingLong(NuScenesTables.SampleData::timestampUs).thenComparing(NuScenesTables.SampleData::token));
    Map<String, NuScenesTables.SampleData> byChannel = oneCalibrationPerChannel(tables, rows);

    int sweeps = 0, keyframes = 0, labelled = 0, images = 0;
    List<String> cameras = new ArrayList<>();
    try (ImportBag w = ImportBag.create(bag, options)) {
      w.topic("/tf_static", MessageTypes.TF_MESSAGE);
      w.topic("/tf", MessageTypes.TF_MESSAGE);
      for (NuScenesTables.SampleData d : byChannel.values()) {
        if (d.modality().equals("lidar")) {
          w.topic(cloudTopic(d.channel()), MessageTypes.POINT_CLOUD2);
        } else {
          w.topic(imageTopic(d.channel()), MessageTypes.COMPRESSED_IMAGE);
          w.topic(infoTopic(d.channel()), MessageTypes.CAMERA_INFO);
          cameras.add(d.channel());
        }
      }
      long first = stampNs(rows.get(0));
      List<StampedTransform> extrinsics = new ArrayList<>();
      for (NuScenesTables.SampleData d : byChannel.values()) extrinsics.add(new StampedTransform(BASE_FRAME, d.channel(), first, d.calibration().extrinsics()));
      w.write("/tf_static", MessageTypes.TF_MESSAGE, first, TfMessages.message(extrinsics, first));
      for (NuScenesTables.SampleData d : rows) {
        long t = stampNs(d);
        w.write("/tf", MessageTypes.TF_MESSAGE, t, TfMessages.message(List.of(new StampedTransform(ODOM_FRAME, BASE_FRAME, t, d.egoPose())), t));
        Header h = new Header(Time.ofNanos(t), d.channel());
        Path file = tables.root().resolve(d.filename());
        if (d.modality().equals("lidar")) {
          NuScenesLidar.Sweep s = NuScenesLidar.read(file, d.token());
          List<ImportBag.Uint16Field> fields = new ArrayList<>(List.of(new ImportBag.Uint16Field("ring", s.ring())));
          Path seg = d.keyFrame() ? tables.lidarseg(d.token()) : null;
          if (seg != null) {
            fields.add(new ImportBag.Uint16Field("label", NuScenesLidar.labels(seg, s.size(), d.token())));
            labelled++;
          }
          w.write(cloudTopic(d.channel()), MessageTypes.POINT_CLOUD2, t, ImportBag.cloud(h, s.xyzi(), fields));
          sweeps++;
          if (d.keyFrame()) keyframes++;
        } else {
          w.write(imageTopic(d.channel()), MessageTypes.COMPRESSED_IMAGE, t, new CompressedImage(h, "jpeg", jpeg(file, d.token())));
          w.write(infoTopic(d.channel()), MessageTypes.CAMERA_INFO, t, ImportBag.cameraInfo(h, camera(tables, d)));
          images++;
        }
      }
    }
    return new Summary(List.copyOf(scenes), sweeps, keyframes, labelled, images, cameras, bag);
  }

  private static long stampNs(NuScenesTables.SampleData d) {
    return Math.multiplyExact(d.timestampUs(), 1000L);
  }

  /**
   * One sample_data per channel whose calibration every other of that channel shares: a static transform cannot
   * change, so scenes recorded with different calibrations (different vehicles) go to separate bags.
   */
  private static Map<String, NuScenesTables.SampleData> oneCalibrationPerChannel(NuScenesTables tables, List<NuScenesTables.SampleData> rows)
      throws NuScenesFormatException {
    Map<String, NuScenesTables.SampleData> out = new LinkedHashMap<>();
    for (NuScenesTables.SampleData d : rows.stream().sorted(Comparator.comparing(NuScenesTables.SampleData::channel)).toList()) {
      NuScenesTables.SampleData seen = out.putIfAbsent(d.channel(), d);
      if (seen != null && !sameCalibration(seen.calibration(), d.calibration())) {
        throw new NuScenesFormatException(tables.tables().resolve("calibrated_sensor.json"), d.channel() + " is calibrated differently in scenes "
            + seen.sceneName() + " and " + d.sceneName() + " (sample_data " + seen.token() + ", " + d.token()
            + "): import each vehicle's scenes into its own bag with --scene");
      }
    }
    return out;
  }

  private static boolean sameCalibration(NuScenesTables.Calibration a, NuScenesTables.Calibration b) {
    return a.extrinsics().equals(b.extrinsics()) && java.util.Arrays.equals(a.intrinsics(), b.intrinsics());
  }

  private static CameraCalibration camera(NuScenesTables tables, NuScenesTables.SampleData d) throws NuScenesFormatException {
    double[] k = d.calibration().intrinsics();
    Path where = tables.tables().resolve("calibrated_sensor.json");
    if (k == null) throw new NuScenesFormatException(where, "camera " + d.channel() + " of sample_data " + d.token() + " has no camera_intrinsic");
    if (d.width() <= 0 || d.height() <= 0) {
      throw new NuScenesFormatException(tables.tables().resolve("sample_data.json"), "sample_data " + d.token() + " has no image width and height");
    }
    if (k[1] != 0 || k[3] != 0 || k[6] != 0 || k[7] != 0 || k[8] != 1) {
      throw new NuScenesFormatException(where, "camera_intrinsic of " + d.channel() + " (sample_data " + d.token() + ") is not a pinhole matrix "
          + java.util.Arrays.toString(k));
    }
    return CameraCalibration.pinhole(d.width(), d.height(), k[0], k[4], k[2], k[5]);
  }

  /** The file's bytes, passed through; they must at least start like a JPEG. */
  private static byte[] jpeg(Path file, String token) throws IOException {
    if (!Files.isRegularFile(file)) throw new NuScenesFormatException(file, "missing image of sample_data " + token);
    byte[] bytes = Files.readAllBytes(file);
    if (bytes.length < 3 || (bytes[0] & 0xff) != 0xFF || (bytes[1] & 0xff) != 0xD8 || (bytes[2] & 0xff) != 0xFF) {
      throw new NuScenesFormatException(file, "not a JPEG file (no start-of-image marker at offset 0), sample_data " + token);
    }
    return bytes;
  }
}
