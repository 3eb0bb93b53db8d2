package dev.clip2scene.nodes.sim;

import dev.clip2scene.model.geometry.CameraCalibration;
import dev.clip2scene.model.geometry.CameraModel;
import dev.clip2scene.model.geometry.RigidTransform;
import dev.clip2scene.model.geometry.Vector3;
import dev.clip2scene.model.sim.SimCamera;
import dev.clip2scene.nodes.calibration.CalibrationException;
import dev.clip2scene.nodes.calibration.Rig;
import dev.clip2scene.nodes.tf.StampedTransform;
import dev.clip2scene.nodes.tf.TransformBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The simulated sensors taken from a calibration folder: the LiDAR frame's mount and the first K cameras, ordered
 * by how far their optical axis turns away from straight ahead (front first, then front sides, back sides, back),
 * with intrinsics scaled to the requested image width.
 */
public record SimRig(String baseFrame, String lidarFrame, RigidTransform lidarMount, List<SimCamera> cameras,
    List<StampedTransform> staticTransforms) {
  public static final String BASE_FRAME = "base_link";

  public SimRig {
    cameras = List.copyOf(cameras);
    staticTransforms = List.copyOf(staticTransforms);
  }

  public static SimRig of(Path folder, Rig rig, String lidarFrame, int cameraCount, int width)
      throws CalibrationException {
    TransformBuffer tf = rig.transforms();
    if (!tf.frames().contains(BASE_FRAME)) throw new CalibrationException(folder.resolve(Rig.EXTRINSICS), "transforms", "no edge names " + BASE_FRAME);
    if (!tf.frames().contains(lidarFrame)) {
      throw new CalibrationException(folder.resolve(Rig.EXTRINSICS), "transforms", "no LiDAR frame '" + lidarFrame + "'");
    }
    if (cameraCount < 0 || cameraCount > rig.cameras().size()) {
      throw new IllegalArgumentException(cameraCount + " cameras asked for, " + folder + " has " + rig.cameras().size());
    }
    List<Map.Entry<String, CameraCalibration>> ordered = new ArrayList<>(rig.cameras().entrySet());
    for (Map.Entry<String, CameraCalibration> e : ordered) {
      if (!tf.frames().contains(e.getKey())) {
        throw new CalibrationException(folder.resolve(Rig.EXTRINSICS), "transforms", "no frame for camera '" + e.getKey() + "'");
      }
    }
    ordered.sort(Comparator.comparingDouble((Map.Entry<String, CameraCalibration> e) -> Math.abs(yaw(tf, e.getKey())))
        .thenComparing(e -> -yaw(tf, e.getKey())));
    List<SimCamera> cameras = new ArrayList<>();
    List<StampedTransform> statics = new ArrayList<>();
    statics.add(new StampedTransform(BASE_FRAME, lidarFrame, 0, tf.lookup(BASE_FRAME, lidarFrame, 0)));
    for (Map.Entry<String, CameraCalibration> e : ordered.subList(0, cameraCount)) {
      RigidTransform mount = tf.lookup(BASE_FRAME, e.getKey(), 0);
      cameras.add(new SimCamera(e.getKey(), new CameraModel(scaled(e.getValue(), width)), mount));
      statics.add(new StampedTransform(BASE_FRAME, e.getKey(), 0, mount));
    }
    return new SimRig(BASE_FRAME, lidarFrame, statics.get(0).transform(), cameras, statics);
  }

  /** The heading of CAMERA's optical axis (z) in base_link, radians, 0 = straight ahead. */
  private static double yaw(TransformBuffer tf, String camera) {
    Vector3 axis = tf.lookup(BASE_FRAME, camera, 0).rotate(new Vector3(0, 0, 1));
    return Math.atan2(axis.y(), axis.x());
  }

  /** CALIBRATION resized to WIDTH pixels across (aspect kept), pixel centres mapped as in image resizing. */
  static CameraCalibration scaled(CameraCalibration c, int width) {
    if (width == c.width()) return c;
    double s = (double) width / c.width();
    int height = Math.max(1, (int) Math.round(c.height() * s));
    double[] k = c.k(), p = c.p();
    k[0] *= s;
    k[1] *= s;
    k[2] = (k[2] + 0.5) * s - 0.5;
    k[4] *= s;
    k[5] = (k[5] + 0.5) * s - 0.5;
    p[0] *= s;
    p[1] *= s;
    p[2] = (p[2] + 0.5) * s - 0.5;
    p[3] *= s;
    p[5] *= s;
    p[6] = (p[6] + 0.5) * s - 0.5;
    p[7] *= s;
    return new CameraCalibration(width, height, c.distortionModel(), c.d(), k, c.r(), p);
  }
}
