package dev.clip2scene.nodes.demo;

import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

/** Per-class IoU as a reader sees it: "car 31, driveable surface 80, ..." (in %, classes absent from truth and predictions left out). */
final class IouText {
  private IouText() {}

  static String perClass(double[] iou, List<String> classes) {
    StringJoiner j = new StringJoiner(", ");
    for (int c = 0; c < iou.length && c < classes.size(); c++) {
      if (!Double.isNaN(iou[c])) j.add(String.format(Locale.ROOT, "%s %.0f", classes.get(c), 100 * iou[c]));
    }
    return j.toString();
  }
}
