package dev.clip2scene.model.image;

import java.awt.image.BufferedImage;
import java.awt.image.SampleModel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * PNG and JPEG (and the other formats the JDK's ImageIO reads) decoded with the checks the decoder lacks. Before
 * any pixel is decoded: the size from the header against {@link ImageLimits} in pixels and in bytes (at the image's
 * bit depth), and against what the data can hold at all (PNG: deflate expands at most 1032:1; JPEG: at least one
 * bit of entropy-coded data per 8 x 8 block), and a PNG's chunk CRCs. While decoding: the JPEG decoder only warns
 * about truncated or corrupt data (and fills the missing rows with grey), so any warning fails the image. What
 * cannot be seen: a JPEG has no checksum, so a changed byte that still decodes is an image with other pixels.
 */
public final class EncodedImage {
  /** Every JPEG codes each 8 x 8 block of its full-resolution component in at least one bit. */
  private static final long JPEG_PIXELS_PER_BYTE = 512;

  private EncodedImage() {}

  /** Decodes DATA (a whole file or message payload); WHAT names it in errors, e.g. a file or topic. */
  public static BufferedImage decode(byte[] data, String what, ImageLimits limits) {
    PngChunks png = null;
    if (startsWith(data, PngChunks.SIGNATURE)) png = PngChunks.check(data, what);
    boolean jpeg = data.length >= 3 && (data[0] & 0xFF) == 0xFF && (data[1] & 0xFF) == 0xD8 && (data[2] & 0xFF) == 0xFF;
    // a memory-cached stream: ImageIO's own choice would spill a temporary file to disk for every image
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(data))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new ImageFormatException(what + ": not an image format the decoder knows (PNG, JPEG, BMP, GIF), "
            + data.length + " bytes");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        long width = reader.getWidth(0);
        long height = reader.getHeight(0);
        if (width <= 0 || height <= 0) throw new ImageFormatException(what + ": image is " + width + " x " + height);
        if (png != null && !png.plausible()) {
          throw new ImageFormatException(what + ": PNG declares " + width + " x " + height + " pixels ("
              + (long) png.rawBytes() + " bytes unpacked), more than its " + png.compressedBytes() + " bytes of "
              + "compressed data can hold (corrupt header)");
        }
        if (jpeg && width * height > JPEG_PIXELS_PER_BYTE * data.length) {
          throw new ImageFormatException(what + ": JPEG declares " + width + " x " + height + " pixels, which need "
              + "at least " + width * height / JPEG_PIXELS_PER_BYTE + " bytes of data, it has " + data.length
              + " (truncated or corrupt header)");
        }
        checkSize(what, width, height, bytesPerPixel(reader), limits);
        List<String> warnings = new ArrayList<>();
        reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
        BufferedImage image = reader.read(0);
        if (!warnings.isEmpty()) {
          throw new ImageFormatException(what + ": " + format(reader) + " data is truncated or corrupt (the "
              + "decoder says: " + String.join("; ", warnings) + ")");
        }
        return image;
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof ImageFormatException f) throw f;
      String cause = e.getCause() == null ? "" : ": " + e.getCause().getMessage();
      throw new ImageFormatException(what + ": cannot decode " + (png != null ? "PNG" : jpeg ? "JPEG" : "image")
          + " (" + data.length + " bytes): " + e.getMessage() + cause, e);
    }
  }

  /** Reads and decodes FILE, which may be at most LIMITS.maxBytes() long; errors name the file. */
  public static BufferedImage read(Path file, ImageLimits limits) {
    byte[] data;
    try {
      long size = Files.size(file);
      if (size > limits.maxBytes()) {
        throw new ImageFormatException(file + ": image file of " + size + " bytes exceeds the limit of "
            + limits.maxBytes());
      }
      data = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new ImageFormatException(file + ": image file not found", e);
    } catch (IOException e) {
      throw new ImageFormatException(file + ": cannot read: " + e.getMessage(), e);
    }
    return decode(data, file.toString(), limits);
  }

  /** Interleaved 8-bit RGB; grey images keep their stored values (16-bit ones their high byte). */
  public static RgbImage toRgb(BufferedImage im) {
    int w = im.getWidth();
    int h = im.getHeight();
    byte[] rgb = new byte[w * h * 3];
    if (im.getType() == BufferedImage.TYPE_BYTE_GRAY || im.getType() == BufferedImage.TYPE_USHORT_GRAY) {
      // grey rasters hold the stored values; getRGB would pass them through a linear-to-sRGB curve
      int shift = im.getType() == BufferedImage.TYPE_USHORT_GRAY ? 8 : 0;
      int[] row = new int[w];
      for (int y = 0, o = 0; y < h; y++) {
        im.getRaster().getSamples(0, y, w, 1, 0, row);
        for (int x = 0; x < w; x++, o += 3) rgb[o] = rgb[o + 1] = rgb[o + 2] = (byte) (row[x] >> shift);
      }
      return new RgbImage(w, h, rgb);
    }
    int[] row = new int[w];
    for (int y = 0, o = 0; y < h; y++) {
      im.getRGB(0, y, w, 1, row, 0, w);
      for (int x = 0; x < w; x++, o += 3) {
        int p = row[x];
        rgb[o] = (byte) (p >> 16);
        rgb[o + 1] = (byte) (p >> 8);
        rgb[o + 2] = (byte) p;
      }
    }
    return new RgbImage(w, h, rgb);
  }

  /** Pixels and bytes (the decoder's raster plus an RGB copy) against LIMITS, before decoding. */
  private static void checkSize(String what, long width, long height, int bytesPerPixel, ImageLimits limits) {
    long pixels = width * height;
    if (pixels > limits.maxPixels()) {
      throw new ImageFormatException(what + ": " + width + " x " + height + " pixels is more than the limit of "
          + limits.maxPixels());
    }
    long bytes = pixels * (bytesPerPixel + 3L);
    if (bytes > limits.maxBytes()) {
      throw new ImageFormatException(what + ": " + width + " x " + height + " pixels of " + bytesPerPixel
          + " bytes would take " + bytes + " bytes decoded, more than the limit of " + limits.maxBytes());
    }
  }

  /** Bytes a pixel takes in the raster the reader will decode into (its first image type, at its bit depth). */
  private static int bytesPerPixel(ImageReader reader) throws IOException {
    Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
    if (types == null || !types.hasNext()) return 4;
    SampleModel m = types.next().getSampleModel();
    int bits = 0;
    for (int b = 0; b < m.getNumBands(); b++) bits += m.getSampleSize(b);
    return Math.max(1, (bits + 7) / 8);
  }

  private static String format(ImageReader reader) {
    try {
      return reader.getFormatName().toUpperCase(java.util.Locale.ROOT);
    } catch (IOException e) {
      return "image";
    }
  }

  private static boolean startsWith(byte[] data, byte[] prefix) {
    if (data.length < prefix.length) return false;
    for (int i = 0; i < prefix.length; i++) if (data[i] != prefix[i]) return false;
    return true;
  }
}
