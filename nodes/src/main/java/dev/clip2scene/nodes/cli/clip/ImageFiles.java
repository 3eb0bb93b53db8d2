package dev.clip2scene.nodes.cli.clip;

import dev.clip2scene.model.image.RgbImage;
import dev.clip2scene.nodes.image.ImageDecodeException;
import dev.clip2scene.nodes.image.ImageDecoder;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import javax.imageio.stream.ImageInputStream;

/** PNG/JPEG/BMP files to and from {@link RgbImage}, through the JDK's ImageIO. */
public final class ImageFiles {
  private ImageFiles() {}

  static RgbImage read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) throw new IllegalArgumentException("image not found: " + file);
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      return ImageDecoder.read(in, file.toString(), file + ": not an image ImageIO can decode (PNG, JPEG, BMP, GIF)");
    } catch (ImageDecodeException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    } catch (javax.imageio.IIOException e) {
      throw new IllegalArgumentException(file + ": cannot decode image: " + e.getMessage(), e);
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
