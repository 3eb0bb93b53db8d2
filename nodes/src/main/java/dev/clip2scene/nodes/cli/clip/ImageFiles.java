package dev.clip2scene.nodes.cli.clip;

import dev.clip2scene.model.image.RgbImage;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/** PNG/JPEG/BMP files to and from {@link RgbImage}, through the JDK's ImageIO. */
public final class ImageFiles {
  private ImageFiles() {}

  /** Images above this many pixels are refused before decoding: a corrupt header must not exhaust memory. */
  static final long MAX_PIXELS = 1L << 26;

  static RgbImage read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) throw new IllegalArgumentException("image not found: " + file);
    BufferedImage img;
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
      if (readers == null || !readers.hasNext()) {
        throw new IllegalArgumentException(file + ": not an image ImageIO can decode (PNG, JPEG, BMP, GIF)");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
        if (pixels > MAX_PIXELS) {
          throw new IllegalArgumentException(file + ": " + reader.getWidth(0) + " x " + reader.getHeight(0)
              + " pixels, more than the " + MAX_PIXELS + " accepted");
        }
        img = reader.read(0);
      } finally {
        reader.dispose();
      }
    } catch (javax.imageio.IIOException e) {
      throw new IllegalArgumentException(file + ": cannot decode image: " + e.getMessage(), e);
    }
    int w = img.getWidth();
    int h = img.getHeight();
    byte[] rgb = new byte[w * h * 3];
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      img.getRGB(0, y, w, 1, row, 0, w);
      for (int x = 0; x < w; x++) {
        int i = (y * w + x) * 3;
        rgb[i] = (byte) (row[x] >> 16);
        rgb[i + 1] = (byte) (row[x] >> 8);
        rgb[i + 2] = (byte) row[x];
      }
    }
    return new RgbImage(w, h, rgb);
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
