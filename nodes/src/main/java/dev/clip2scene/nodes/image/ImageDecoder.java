package dev.clip2scene.nodes.image;

import dev.clip2scene.model.image.RgbImage;
import dev.clip2scene.msgs.sensor.CompressedImage;
import dev.clip2scene.msgs.sensor.Image;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Turns sensor_msgs/Image (rgb8, bgr8, rgba8, bgra8, mono8, mono16) and CompressedImage (JPEG, PNG) into the one
 * raster type the model takes: interleaved 8-bit RGB. mono16 keeps its high byte.
 */
public final class ImageDecoder {
  public static final List<String> ENCODINGS = List.of("rgb8", "bgr8", "rgba8", "bgra8", "mono8", "mono16");
  /** Compressed images above this many pixels are refused before decoding (a corrupt header must not OOM us). */
  public static final long MAX_PIXELS = 1L << 26;

  private ImageDecoder() {}

  public static RgbImage decode(Image img) {
    String encoding = img.encoding();
    boolean bigEndian = img.isBigendian() != 0;
    // bytes per pixel, then where red, green and blue sit within a pixel (mono16: its high byte)
    int[] layout = switch (encoding) {
      case "rgb8" -> new int[] {3, 0, 1, 2};
      case "bgr8" -> new int[] {3, 2, 1, 0};
      case "rgba8" -> new int[] {4, 0, 1, 2};
      case "bgra8" -> new int[] {4, 2, 1, 0};
      case "mono8" -> new int[] {1, 0, 0, 0};
      case "mono16" -> bigEndian ? new int[] {2, 0, 0, 0} : new int[] {2, 1, 1, 1};
      default -> throw new ImageDecodeException("unsupported image encoding '" + encoding + "' (supported: "
          + String.join(", ", ENCODINGS) + ")");
    };
    int channels = layout[0];
    long width = Integer.toUnsignedLong(img.width());
    long height = Integer.toUnsignedLong(img.height());
    long step = Integer.toUnsignedLong(img.step());
    if (width == 0 || height == 0) throw new ImageDecodeException(encoding + " image is empty (" + width + " x " + height + ")");
    if (step < width * channels) {
      throw new ImageDecodeException(encoding + " image: step " + step + " is smaller than width " + width + " x "
          + channels + " bytes per pixel");
    }
    long length = img.data().length;
    // the last row needs only its pixels; compared by division since step x height can pass 2^63
    if (width * channels > length || height - 1 > (length - width * channels) / step) {
      throw new ImageDecodeException(encoding + " image " + width + " x " + height + " (step " + step + ") needs "
          + Long.toUnsignedString(step * height) + " data bytes, has " + length);
    }
    if (width * height * 3 > Integer.MAX_VALUE - 8) {
      throw new ImageDecodeException(encoding + " image " + width + " x " + height + " is too large for one raster");
    }
    byte[] src = img.data();
    byte[] rgb = new byte[(int) (width * height * 3)];
    int w = (int) width;
    int r = layout[1];
    int g = layout[2];
    int b = layout[3];
    for (int y = 0, o = 0; y < height; y++) {
      for (int x = 0, p = (int) (y * step); x < w; x++, o += 3, p += channels) {
        rgb[o] = src[p + r];
        rgb[o + 1] = src[p + g];
        rgb[o + 2] = src[p + b];
      }
    }
    return new RgbImage(w, (int) height, rgb);
  }

  /** JPEG or PNG, recognised by its signature (FORMAT, e.g. "rgb8; jpeg compressed bgr8", is only reported). */
  public static RgbImage decode(CompressedImage img) {
    byte[] data = img.data();
    String kind = signature(data);
    if (kind == null) {
      throw new ImageDecodeException("compressed image (format '" + img.format() + "', " + data.length
          + " bytes) is neither JPEG nor PNG");
    }
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(data))) {
      return read(in, kind + " image", "no " + kind + " decoder available");
    } catch (IOException | RuntimeException e) {
      if (e instanceof ImageDecodeException d) throw d;
      throw new ImageDecodeException("corrupt " + kind + " image (format '" + img.format() + "', " + data.length
          + " bytes): " + e.getMessage(), e);
    }
  }

  /**
   * Decodes the first image of IN with whatever ImageIO reader recognises it, refusing more than
   * {@link #MAX_PIXELS} before any pixel is decoded. WHAT names the image in errors; NOREADER is the message when
   * no reader recognises the data.
   */
  public static RgbImage read(ImageInputStream in, String what, String noReader) throws IOException {
    Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
    if (readers == null || !readers.hasNext()) throw new ImageDecodeException(noReader);
    ImageReader reader = readers.next();
    try {
      reader.setInput(in, true, true);
      long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
      if (pixels > MAX_PIXELS) {
        throw new ImageDecodeException(what + " declares " + reader.getWidth(0) + " x " + reader.getHeight(0)
            + " pixels, more than " + MAX_PIXELS);
      }
      return toRgb(reader.read(0));
    } finally {
      reader.dispose();
    }
  }

  private static String signature(byte[] d) {
    if (d.length >= 3 && (d[0] & 0xff) == 0xff && (d[1] & 0xff) == 0xd8 && (d[2] & 0xff) == 0xff) return "JPEG";
    if (d.length >= 8 && (d[0] & 0xff) == 0x89 && d[1] == 'P' && d[2] == 'N' && d[3] == 'G') return "PNG";
    return null;
  }

  private static RgbImage toRgb(BufferedImage im) {
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
}
