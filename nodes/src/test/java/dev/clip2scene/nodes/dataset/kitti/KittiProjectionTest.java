package dev.clip2scene.nodes.dataset.kitti;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clip2scene.model.geometry.CameraModel;
import dev.clip2scene.model.geometry.Projection;
import dev.clip2scene.model.geometry.Vector3;
import dev.clip2scene.nodes.calibration.ProjectionOverlay;
import dev.clip2scene.testkit.Fixtures;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KittiProjectionTest {
  @TempDir Path tmp;

  @Test
  void frame000000LandsInTheColourImage() throws Exception {
    Path object = Fixtures.sharedData("kitti/object");
    KittiObjectFrame frame = KittiObjectFrame.read(object, "000000");
    CameraModel camera = frame.camera();
    assertEquals(1224, camera.width());
    assertEquals(370, camera.height());
    Projection p = new Projection();
    int inside = camera.project(frame.scan(), KittiVelodyne.STRIDE, frame.pointCount(), frame.veloToCamera(), 1.0, p);
    System.out.printf("kitti 000000: %d of %d LiDAR points land inside the %dx%d colour image with depth > 1 m%n",
        inside, frame.pointCount(), camera.width(), camera.height());
    assertTrue(inside >= 18_000, "only " + inside + " points inside the image");

    BufferedImage image = ImageIO.read(KittiObjectFrame.image(object, "000000").toFile());
    Path png = Fixtures.root().resolve("nodes/target/kitti-000000-projection.png");
    ProjectionOverlay.writePng(ProjectionOverlay.draw(image, p, 30), png);
    System.out.println("overlay written to " + png);
  }

  /** Our split (pinhole K_2 + rigid velodyne -> camera 2) must equal KITTI's P2 * R0_rect * Tr_velo_to_cam. */
  @Test
  void cameraModelAndTransformEqualTheMatrixProduct() throws Exception {
    KittiCalibration calib = KittiCalibration.read(Fixtures.sharedData("kitti/object/calib/000000.txt"));
    double[] p2 = calib.projection(2), r0 = calib.r0Rect(), tr = calib.veloToCam0Matrix();
    CameraModel camera = new CameraModel(calib.camera(2, 1224, 370));
    double[] pixel = new double[2];
    for (double[] x : new double[][] {{10, 2, -1}, {40, -8, 0.5}, {6, 1, -1.5}, {70, 12, 2}}) {
      double[] cam0 = new double[3];
      for (int r = 0; r < 3; r++) cam0[r] = tr[4 * r] * x[0] + tr[4 * r + 1] * x[1] + tr[4 * r + 2] * x[2] + tr[4 * r + 3];
      double[] rect = new double[3];
      for (int r = 0; r < 3; r++) rect[r] = r0[3 * r] * cam0[0] + r0[3 * r + 1] * cam0[1] + r0[3 * r + 2] * cam0[2];
      double[] h = new double[3];
      for (int r = 0; r < 3; r++) h[r] = p2[4 * r] * rect[0] + p2[4 * r + 1] * rect[1] + p2[4 * r + 2] * rect[2] + p2[4 * r + 3];
      Vector3 c = calib.veloToCamera(2).apply(new Vector3(x[0], x[1], x[2]));
      assertTrue(camera.project(c.x(), c.y(), c.z(), pixel));
      assertEquals(h[0] / h[2], pixel[0], 1e-3, "u of " + java.util.Arrays.toString(x));
      assertEquals(h[1] / h[2], pixel[1], 1e-3, "v of " + java.util.Arrays.toString(x));
    }
    // camera 2 sits about 6 cm left of camera 0 (t = K^-1 P2(:, 3))
    Vector3 offset = calib.veloToCamera(2).apply(calib.veloToCamera(0).inverse().apply(Vector3.ZERO));
    assertEquals(0.06, offset.x(), 0.005);
    assertTrue(calib.imuToVelo().isPresent());
  }

  @Test
  void badFilesAreReportedWithFileAndKey() throws Exception {
    Path calib = tmp.resolve("calib.txt");
    String good = Files.readString(Fixtures.sharedData("kitti/object/calib/000000.txt"));
    Files.writeString(calib, good.replaceAll("(?m)^R0_rect:.*$", ""));
    var missing = assertThrows(KittiFormatException.class, () -> KittiCalibration.read(calib));
    assertEquals(calib + ": missing R0_rect", missing.getMessage());
    Files.writeString(calib, good.replaceFirst("P2: \\S+", "P2:"));
    var shortP2 = assertThrows(KittiFormatException.class, () -> KittiCalibration.read(calib));
    assertTrue(shortP2.getMessage().endsWith("P2 has 11 values, expected 12"), shortP2.getMessage());
    Files.writeString(calib, good.replaceFirst("P1: \\S+", "P1: seven"));
    assertTrue(assertThrows(KittiFormatException.class, () -> KittiCalibration.read(calib)).getMessage()
        .contains("P1 value 1 'seven' is not a number"));

    Path scan = tmp.resolve("scan.bin");
    Files.write(scan, new byte[16 * 3 + 5]);
    assertTrue(assertThrows(KittiFormatException.class, () -> KittiVelodyne.read(scan)).getMessage()
        .contains("not a multiple of 16"));
    Files.write(scan, new byte[16 * 3]);
    assertEquals(12, KittiVelodyne.read(scan).length);

    Path png = tmp.resolve("x.png");
    Files.writeString(png, "GIF89a not a png at all");
    assertThrows(KittiFormatException.class, () -> PngHeader.read(png));
  }
}
