package dev.clip2scene.nodes.sim;

import dev.clip2scene.model.io.AtomicFiles;
import dev.clip2scene.model.loss.PseudoLabels;
import dev.clip2scene.model.teacher.PixelLabels;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Pixel labels as 8-bit grey PNGs (class id per pixel, 255 = no label), one file per image under
 * {@code DIR/<image topic without the leading slash>/<stamp_ns>.png}: the layout a precomputed teacher reads.
 */
public final class LabelPngs {

  private LabelPngs() {}

  public static Path file(Path dir, String topic, long stampNs) {
    return dir.resolve(topic.startsWith("/") ? topic.substring(1) : topic).resolve(stampNs + ".png");
  }

  public static Path write(Path dir, String topic, long stampNs, PixelLabels labels) throws IOException {
    BufferedImage img = new BufferedImage(labels.width(), labels.height(), BufferedImage.TYPE_BYTE_GRAY);
    int[] l = labels.labels();
    int[] row = new int[labels.width()];
    for (int y = 0; y < labels.height(); y++) {
      for (int x = 0; x < labels.width(); x++) {
        int v = l[y * labels.width() + x];
        if (v >= PseudoLabels.IGNORE_STORED) throw new IllegalArgumentException("class " + v + " does not fit an 8-bit label PNG");
        row[x] = v < 0 ? PseudoLabels.IGNORE_STORED : v;
      }
      img.getRaster().setSamples(0, y, labels.width(), 1, 0, row);
    }
    Path file = file(dir, topic, stampNs);
    Files.createDirectories(file.getParent());
    AtomicFiles.write(file, out -> {
      if (!ImageIO.write(img, "png", out)) throw new IOException("no PNG writer available");
    });
    return file;
  }
}
