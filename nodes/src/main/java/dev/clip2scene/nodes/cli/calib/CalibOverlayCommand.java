package dev.clip2scene.nodes.cli.calib;

import dev.clip2scene.model.geometry.Projection;
import dev.clip2scene.model.geometry.PointPairing;
import dev.clip2scene.model.image.EncodedImage;
import dev.clip2scene.model.image.ImageLimits;
import dev.clip2scene.nodes.calibration.ProjectionOverlay;
import dev.clip2scene.nodes.dataset.kitti.KittiObjectFrame;
import dev.clip2scene.nodes.dataset.kitti.KittiVelodyne;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code clip2scene calib overlay}: draws a KITTI frame's LiDAR points on its colour image. */
@Command(name = "overlay", mixinStandardHelpOptions = true,
    description = "Project a KITTI object-benchmark frame's LiDAR scan into image_2 and write a PNG with the points "
        + "coloured by depth (red near, blue far), to check a calibration by eye.")
final class CalibOverlayCommand implements Callable<Integer> {
  @Option(names = "--kitti", required = true, paramLabel = "DIR", description = "folder with calib/, velodyne/, image_2/")
  Path kitti;

  @Option(names = "--frame", defaultValue = "000000", description = "frame id (default: ${DEFAULT-VALUE})")
  String frame;

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "PNG", description = "output image")
  Path output;

  @Option(names = "--max-depth", defaultValue = "30", description = "depth drawn blue, metres (default: ${DEFAULT-VALUE})")
  double maxDepth;

  @Override
  public Integer call() throws IOException {
    KittiObjectFrame f = KittiObjectFrame.read(kitti, frame);
    Projection p = new Projection();
    int inside = f.camera().project(f.scan(), KittiVelodyne.STRIDE, f.pointCount(), f.veloToCamera(),
        PointPairing.DEFAULT_MIN_DEPTH, p);
    Path image = KittiObjectFrame.image(kitti, frame);
    BufferedImage rgb = EncodedImage.read(image, ImageLimits.DEFAULT);
    ProjectionOverlay.writePng(ProjectionOverlay.draw(rgb, p, maxDepth), output);
    System.out.printf("%d of %d points inside image_2 with depth > %.0f m; wrote %s%n", inside, f.pointCount(),
        PointPairing.DEFAULT_MIN_DEPTH, output);
    return 0;
  }
}
