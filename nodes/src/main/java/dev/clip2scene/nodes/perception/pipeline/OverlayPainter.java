package dev.clip2scene.nodes.perception.pipeline;

import dev.clip2scene.model.geometry.PointPixelPairs;
import dev.clip2scene.model.image.RgbImage;
import dev.clip2scene.msgs.sensor.Image;
import dev.clip2scene.msgs.std.Header;
import java.util.Arrays;

/**
 * Paints labelled points over a camera image: each visible point a square of its class colour centred on its pixel,
 * the nearest point winning where squares overlap (a per-pixel depth test), so the picture shows what the camera
 * sees. Points without a label (outside the crop box) are not painted. Reuses its depth buffer; not thread-safe.
 */
final class OverlayPainter {
  private float[] depth = new float[0];

  /**
   * An rgb8 Image with HEADER: IMAGE with the points of PAIRS' camera CAMERA painted, LABELS per point (negative or
   * {@link Classifier#UNLABELLED}: not painted), COLOURS per label (0x00RRGGBB), squares of SIZE pixels.
   */
  Image paint(Header header, RgbImage image, PointPixelPairs pairs, int camera, int[] labels, int[] colours, int size) {
    int w = image.width(), h = image.height();
    byte[] rgb = image.rgb().clone();
    if (depth.length < w * h) depth = new float[w * h];
    Arrays.fill(depth, 0, w * h, Float.POSITIVE_INFINITY);
    int before = (size - 1) / 2;
    for (int j = 0; j < pairs.size(); j++) {
      if (pairs.camera(j) != camera) continue;
      int label = labels[pairs.point(j)];
      if (label < 0 || label >= colours.length) continue;
      int c = colours[label];
      byte r = (byte) (c >> 16), g = (byte) (c >> 8), b = (byte) c;
      float z = pairs.depth(j);
      int x0 = Math.max(0, (int) pairs.u(j) - before), y0 = Math.max(0, (int) pairs.v(j) - before);
      int x1 = Math.min(w, (int) pairs.u(j) - before + size), y1 = Math.min(h, (int) pairs.v(j) - before + size);
      for (int y = y0; y < y1; y++) {
        for (int x = x0, i = y * w + x0; x < x1; x++, i++) {
          if (z >= depth[i]) continue;
          depth[i] = z;
          rgb[3 * i] = r;
          rgb[3 * i + 1] = g;
          rgb[3 * i + 2] = b;
        }
      }
    }
    return new Image(header, h, w, "rgb8", 0, 3 * w, rgb);
  }
}
