package dev.clip2scene.nodes.dataset.kitti;

import dev.clip2scene.model.geometry.CameraModel;
import dev.clip2scene.model.geometry.RigidTransform;
import java.io.IOException;
import java.nio.file.Path;

/**
 * One frame of the KITTI object benchmark layout (calib/, velodyne/, image_2/ under one folder) as the left colour
 * camera (camera 2) sees it: its camera model, the velodyne -> camera transform and the scan (x, y, z, reflectance per
 * point; the array is handed over, not copied).
 */
public record KittiObjectFrame(String id, CameraModel camera, RigidTransform veloToCamera, float[] scan) {
  /** The colour camera of the object benchmark's image_2 folder. */
  public static final int LEFT_COLOUR_CAMERA = 2;

  public static KittiObjectFrame read(Path objectDir, String id) throws IOException {
    KittiCalibration calib = KittiCalibration.read(objectDir.resolve("calib").resolve(id + ".txt"));
    PngHeader size = PngHeader.read(image(objectDir, id));
    CameraModel camera = new CameraModel(calib.camera(LEFT_COLOUR_CAMERA, size.width(), size.height()));
    float[] scan = KittiVelodyne.read(objectDir.resolve("velodyne").resolve(id + ".bin"));
    return new KittiObjectFrame(id, camera, calib.veloToCamera(LEFT_COLOUR_CAMERA), scan);
  }

  public static Path image(Path objectDir, String id) {
    return objectDir.resolve("image_2").resolve(id + ".png");
  }

  public int pointCount() {
    return scan.length / KittiVelodyne.STRIDE;
  }
}
