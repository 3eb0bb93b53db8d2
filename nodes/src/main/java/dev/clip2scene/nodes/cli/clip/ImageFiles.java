package dev.clip2scene.nodes.cli.clip;

import dev.clip2scene.model.image.RgbImage;
import dev.clip2scene.model.image.EncodedImage;
import dev.clip2scene.model.image.ImageFormatException;
import dev.clip2scene.model.image.ImageLimits;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** PNG/JPEG/BMP files to and from {@link RgbImage}, through the JDK's ImageIO. */
public final class ImageFiles {
  private ImageFiles() {}

  static RgbImage read(Path file) {
    if (!Files.isRegularFile(file)) throw new IllegalArgumentException("image not found: " + file);
    try {
      return EncodedImage.toRgb(EncodedImage.read(file, ImageLimits.DEFAULT));
    } catch (ImageFormatException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  public static void writePng(Path file, RgbImage image) throws IOException {
    BufferedImage img = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_INT_RGB);
    byte[] rgb = image.rgb();
    for (int y = 0; y < image.height(); y++) {
      for (int x = 0; x < image.width(); x++) {
        int i = (y * image.width() + x) * 3;
        img.setRGB(x, y, (rgb[i] & 0xff) << 16 | (rgb[i + 1] & 0xff) << 8 | (rgb[i + 2] & 0xff));
      }
    }
    dev.clip2scene.model.io.AtomicFiles.write(file, out -> {
      if (!ImageIO.write(img, "png", out)) throw new IOException("no PNG writer available");
    });
  }
}
