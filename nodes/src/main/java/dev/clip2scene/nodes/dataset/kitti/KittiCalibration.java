package dev.clip2scene.nodes.dataset.kitti;

import dev.clip2scene.model.geometry.CameraCalibration;
import dev.clip2scene.model.geometry.Distortion;
import dev.clip2scene.model.geometry.Quaternion;
import dev.clip2scene.model.geometry.RigidTransform;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A KITTI object-benchmark calibration file (calib/NNNNNN.txt): projection matrices P0..P3 of the rectified cameras
 * (3x4), the rectifying rotation R0_rect of camera 0 (3x3), and the rigid transforms Tr_velo_to_cam (velodyne ->
 * camera 0, 3x4) and Tr_imu_to_velo (3x4, absent from some files). All row-major.
 *
 * <p>Camera i's rectified image sees a point X of the velodyne frame at P_i [R0_rect Tr_velo_to_cam X; 1]. Since
 * P_i = K_i [I | t_i] with t_i = K_i^-1 P_i(:, 3) (the offset of camera i from camera 0, e.g. 6 cm for camera 2), this
 * class gives each camera its own optical frame: an undistorted pinhole model with K_i, and the rigid transform
 * velodyne -> camera i = translate(t_i) after R0_rect after Tr_velo_to_cam. The two are exactly the matrix product.
 */
public final class KittiCalibration {
  private static final List<String> REQUIRED = List.of("P0", "P1", "P2", "P3", "R0_rect", "Tr_velo_to_cam");

  private final Map<String, double[]> values;

  private KittiCalibration(Map<String, double[]> values) {
    this.values = values;
  }

  public static KittiCalibration read(Path file) throws IOException {
    return validated(file, parse(file));
  }

  /**
   * An odometry sequence's calib.txt (P0..P3 and Tr = velodyne -> camera 0; its images are already rectified, so
   * R0_rect is the identity).
   */
  public static KittiCalibration readOdometry(Path file) throws IOException {
    Map<String, double[]> values = parse(file);
    double[] tr = values.get("Tr");
    if (tr == null) throw new KittiFormatException(file, "missing Tr");
    values.put("Tr_velo_to_cam", tr);
    values.putIfAbsent("R0_rect", CameraCalibration.identity3());
    return validated(file, values);
  }

  /**
   * A raw drive's calib_cam_to_cam.txt (P_rect_0i, R_rect_00) and calib_velo_to_cam.txt (R, T: velodyne -> camera
   * 0, unrectified).
   */
  public static KittiCalibration readRaw(Path camToCam, Path veloToCam) throws IOException {
    Map<String, double[]> cams = parse(camToCam);
    Map<String, double[]> velo = parse(veloToCam);
    Map<String, double[]> values = new HashMap<>();
    for (int i = 0; i < 4; i++) {
      double[] p = cams.get("P_rect_0" + i);
      if (p == null) throw new KittiFormatException(camToCam, "missing P_rect_0" + i);
      values.put("P" + i, p);
    }
    double[] r0 = cams.get("R_rect_00");
    if (r0 == null) throw new KittiFormatException(camToCam, "missing R_rect_00");
    values.put("R0_rect", r0);
    double[] r = velo.get("R");
    double[] t = velo.get("T");
    if (r == null || r.length != 9) throw new KittiFormatException(veloToCam, "missing R (9 values)");
    if (t == null || t.length != 3) throw new KittiFormatException(veloToCam, "missing T (3 values)");
    values.put("Tr_velo_to_cam", new double[] {r[0], r[1], r[2], t[0], r[3], r[4], r[5], t[1], r[6], r[7], r[8], t[2]});
    return validated(camToCam, values);
  }

  /** KEY: numbers lines; lines whose values are not all numbers (calib_time: dates) are skipped unless REQUIRED. */
  private static Map<String, double[]> parse(Path file) throws IOException {
    Map<String, double[]> values = new HashMap<>();
    List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
    for (int n = 0; n < lines.size(); n++) {
      String line = lines.get(n).strip();
      if (line.isEmpty()) continue;
      int colon = line.indexOf(':');
      if (colon <= 0) throw new KittiFormatException(file, "line " + (n + 1) + " is not 'KEY: values'");
      String key = line.substring(0, colon).strip();
      if (key.equals("calib_time")) continue;
      String[] fields = line.substring(colon + 1).strip().split("\\s+");
      double[] v = new double[fields.length];
      for (int i = 0; i < fields.length; i++) {
        try {
          v[i] = Double.parseDouble(fields[i]);
        } catch (NumberFormatException e) {
          throw new KittiFormatException(file, key + " value " + (i + 1) + " '" + fields[i] + "' is not a number");
        }
        if (!Double.isFinite(v[i])) throw new KittiFormatException(file, key + " value " + (i + 1) + " is not finite");
      }
      values.put(key, v);
    }
    return values;
  }

  private static KittiCalibration validated(Path file, Map<String, double[]> values) throws IOException {
    for (String key : REQUIRED) {
      int expected = key.equals("R0_rect") ? 9 : 12;
      double[] v = values.get(key);
      if (v == null) throw new KittiFormatException(file, "missing " + key);
      if (v.length != expected) {
        throw new KittiFormatException(file, key + " has " + v.length + " values, expected " + expected);
      }
    }
    double[] imu = values.get("Tr_imu_to_velo");
    if (imu != null && imu.length != 12) {
      throw new KittiFormatException(file, "Tr_imu_to_velo has " + imu.length + " values, expected 12");
    }
    for (int i = 0; i < 4; i++) {
      double[] k = leftBlock(values.get("P" + i));
      if (!(k[0] > 0) || !(k[4] > 0) || k[3] != 0 || k[6] != 0 || k[7] != 0 || k[8] != 1) {
        throw new KittiFormatException(file, "P" + i + " does not start with an intrinsic matrix");
      }
    }
    return new KittiCalibration(values);
  }

  /** P_i, row-major 3x4. */
  public double[] projection(int camera) {
    checkCamera(camera);
    return values.get("P" + camera).clone();
  }

  public double[] r0Rect() {
    return values.get("R0_rect").clone();
  }

  public double[] veloToCam0Matrix() {
    return values.get("Tr_velo_to_cam").clone();
  }

  /** K = the left 3x3 block of a 3x4 P. */
  private static double[] leftBlock(double[] p) {
    return new double[] {p[0], p[1], p[2], p[4], p[5], p[6], p[8], p[9], p[10]};
  }

  private static void checkCamera(int camera) {
    if (camera < 0 || camera > 3) throw new IllegalArgumentException("KITTI cameras are 0..3, got " + camera);
  }

  /** Camera I's rectified image of WIDTH x HEIGHT as camera_info: no distortion, R = identity, P = [K_i | 0]. */
  public CameraCalibration camera(int camera, int width, int height) {
    checkCamera(camera);
    double[] k = leftBlock(values.get("P" + camera));
    double[] p = {k[0], k[1], k[2], 0, k[3], k[4], k[5], 0, k[6], k[7], k[8], 0};
    return new CameraCalibration(width, height, Distortion.PLUMB_BOB, new double[5], k,
        CameraCalibration.identity3(), p);
  }

  /** Velodyne -> camera I's rectified optical frame (see the class comment). */
  public RigidTransform veloToCamera(int camera) {
    checkCamera(camera);
    double[] p = values.get("P" + camera);
    double tz = p[11] / p[10];
    double ty = (p[7] - p[6] * tz) / p[5];
    double tx = (p[3] - p[1] * ty - p[2] * tz) / p[0];
    RigidTransform offset = RigidTransform.of(tx, ty, tz, Quaternion.IDENTITY);
    RigidTransform rect = RigidTransform.of(0, 0, 0, Quaternion.fromMatrix(values.get("R0_rect")));
    return offset.compose(rect).compose(RigidTransform.fromMatrix(values.get("Tr_velo_to_cam")));
  }

  /** IMU -> velodyne, when the file has Tr_imu_to_velo. */
  public Optional<RigidTransform> imuToVelo() {
    double[] m = values.get("Tr_imu_to_velo");
    return m == null ? Optional.empty() : Optional.of(RigidTransform.fromMatrix(m));
  }
}
