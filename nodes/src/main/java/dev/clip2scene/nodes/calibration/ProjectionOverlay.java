package dev.clip2scene.nodes.calibration;

import dev.clip2scene.model.geometry.Projection;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Draws projected points on their camera image, coloured by depth (red near, through yellow and green, to blue far),
 * so a person can judge a calibration at a glance: edges of objects in the cloud must meet edges in the image.
 */
public final class ProjectionOverlay {
  private ProjectionOverlay() {}

  /** A copy of IMAGE with the valid points of P drawn as 2x2 dots; depths at or beyond MAX_DEPTH are blue. */
  public static BufferedImage draw(BufferedImage image, Projection p, double maxDepth) {
    BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
    out.getGraphics().drawImage(image, 0, 0, null);
    for (int i = 0; i < p.size(); i++) {
      if (!p.valid(i)) continue;
      float hue = (float) (Math.min(p.depth(i) / maxDepth, 1.0) * 0.66);
      int rgb = Color.HSBtoRGB(hue, 1f, 1f);
      int u = (int) p.u(i), v = (int) p.v(i);
      for (int dv = 0; dv < 2; dv++) {
        for (int du = 0; du < 2; du++) {
          if (u + du < out.getWidth() && v + dv < out.getHeight()) out.setRGB(u + du, v + dv, rgb);
        }
      }
    }
    return out;
  }

  public static void writePng(BufferedImage image, Path file) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    if (dir != null) Files.createDirectories(dir);
    if (!ImageIO.write(image, "png", file.toFile())) throw new IOException("no PNG writer for " + file);
  }
}
