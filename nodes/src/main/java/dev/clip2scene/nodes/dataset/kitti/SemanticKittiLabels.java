package dev.clip2scene.nodes.dataset.kitti;

import dev.clip2scene.nodes.dataset.LearningMap;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * SemanticKITTI .label files (uint32 per point, little endian: low 16 bits the semantic class, high 16 the
 * instance) mapped to training ids 0..18 (the bundled semantickitti vocabulary's order) through the benchmark's
 * learning map, held as data in {@code data/kitti/semantickitti-learning-map.txt}. Unlabelled and unmapped classes
 * become {@link #IGNORE}.
 */
public final class SemanticKittiLabels {
  public static final int IGNORE = 255;
  public static final int CLASSES = 19;
  private static final int[] MAP = LearningMap.load("/data/kitti/semantickitti-learning-map.txt", 1 << 16, IGNORE);

  private SemanticKittiLabels() {}

  /** Training id of a raw semantic class id (low 16 bits of a label). */
  public static int trainId(int rawClass) {
    return rawClass >= 0 && rawClass < MAP.length ? MAP[rawClass] : IGNORE;
  }

  /** The training ids of FILE's POINTS labels. */
  public static int[] read(Path file, int points) throws IOException {
    long size = Files.size(file);
    if (size != 4L * points) {
      throw new KittiFormatException(file, "size " + size + " bytes holds " + size / 4.0 + " labels, the scan has " + points + " points");
    }
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    int[] out = new int[points];
    for (int i = 0; i < points; i++) out[i] = trainId(b.getInt() & 0xffff);
    return out;
  }
}
