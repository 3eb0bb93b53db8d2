package dev.clip2scene.nodes.image;

import dev.clip2scene.model.image.RgbImage;
import dev.clip2scene.msgs.sensor.CompressedImage;
import dev.clip2scene.msgs.sensor.Image;
import dev.clip2scene.model.image.EncodedImage;
import dev.clip2scene.model.image.ImageFormatException;
import dev.clip2scene.model.image.ImageLimits;
import java.util.List;

/**
 * Turns sensor_msgs/Image (rgb8, bgr8, rgba8, bgra8, mono8, mono16) and CompressedImage (JPEG, PNG) into the one
 * raster type the model takes: interleaved 8-bit RGB. mono16 keeps its high byte.
 */
public final class ImageDecoder {
  public static final List<String> ENCODINGS = List.of("rgb8", "bgr8", "rgba8", "bgra8", "mono8", "mono16");

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

  /**
   * JPEG or PNG, recognised by its signature (FORMAT, e.g. "rgb8; jpeg compressed bgr8", is only reported), decoded
   * with {@link EncodedImage}'s checks: truncated or corrupt data and sizes beyond {@link ImageLimits#DEFAULT} fail.
   */
  public static RgbImage decode(CompressedImage img) {
    byte[] data = img.data();
    String kind = signature(data);
    String what = "compressed image (format '" + img.format() + "', " + data.length + " bytes)";
    if (kind == null) throw new ImageDecodeException(what + " is neither JPEG nor PNG");
    try {
      return EncodedImage.toRgb(EncodedImage.decode(data, what, ImageLimits.DEFAULT));
    } catch (ImageFormatException e) {
      throw new ImageDecodeException(e.getMessage(), e);
    }
  }

  private static String signature(byte[] d) {
    if (d.length >= 3 && (d[0] & 0xff) == 0xff && (d[1] & 0xff) == 0xd8 && (d[2] & 0xff) == 0xff) return "JPEG";
    if (d.length >= 8 && (d[0] & 0xff) == 0x89 && d[1] == 'P' && d[2] == 'N' && d[3] == 'G') return "PNG";
    return null;
  }
}
