package dev.clip2scene.nodes.sim;

import dev.clip2scene.model.loss.PseudoLabels;
import dev.clip2scene.model.teacher.PixelLabels;
import dev.clip2scene.msgs.sensor.Image;
import dev.clip2scene.nodes.image.ImageDecodeException;

/**
 * Ground-truth label images (sensor_msgs/Image) to pixel labels: mono8 with 255 or mono16 with 65535 meaning no
 * class. Sizes are checked against the data before anything is allocated; class ids at or above CLASSES are refused
 * with the pixel they sit at.
 */
public final class LabelImages {
  public static final int NO_LABEL_MONO16 = 65535;

  private LabelImages() {}

  /** The labels topic beside an image topic: /cam_front/image_raw -> /cam_front/labels. */
  public static String labelsTopic(String imageTopic) {
    int slash = imageTopic.lastIndexOf('/');
    return (slash < 0 ? "" : imageTopic.substring(0, slash)) + "/labels";
  }

  public static PixelLabels decode(Image img, int classes) {
    int bytes = switch (img.encoding()) {
      case "mono8" -> 1;
      case "mono16" -> 2;
      default -> throw new ImageDecodeException("label image encoding '" + img.encoding() + "' is not mono8 or mono16");
    };
    long width = Integer.toUnsignedLong(img.width()), height = Integer.toUnsignedLong(img.height());
    long step = Integer.toUnsignedLong(img.step());
    if (width == 0 || height == 0) throw new ImageDecodeException("label image is empty (" + width + " x " + height + ")");
    if (width * height > Integer.MAX_VALUE - 8) throw new ImageDecodeException("label image " + width + " x " + height + " is too large");
    if (step < width * bytes) throw new ImageDecodeException("label image step " + step + " is smaller than its row of " + width * bytes + " bytes");
    long length = img.data().length;
    if (width * bytes > length || height - 1 > (length - width * bytes) / step) {
      throw new ImageDecodeException("label image " + width + " x " + height + " (step " + step + ") needs more than its " + length + " data bytes");
    }
    byte[] d = img.data();
    boolean big = img.isBigendian() != 0;
    int w = (int) width, h = (int) height;
    int[] labels = new int[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int at = (int) (y * step) + x * bytes;
        int v = bytes == 1 ? d[at] & 0xff
            : big ? (d[at] & 0xff) << 8 | (d[at + 1] & 0xff) : (d[at + 1] & 0xff) << 8 | (d[at] & 0xff);
        if (v == (bytes == 1 ? PseudoLabels.IGNORE_STORED : NO_LABEL_MONO16)) v = PseudoLabels.IGNORE;
        else if (v >= classes) {
          throw new ImageDecodeException("label image pixel (" + x + ", " + y + ") has class " + v + ", the vocabulary has " + classes);
        }
        labels[y * w + x] = v;
      }
    }
    return new PixelLabels(w, h, labels);
  }
}
