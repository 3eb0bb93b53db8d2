package dev.clip2scene.nodes.dataset.kitti;

import java.io.IOException;
import java.nio.file.Path;

/** A KITTI file that does not have the expected layout; the message names the file and what is wrong. */
public final class KittiFormatException extends IOException {
  public KittiFormatException(Path file, String problem) {
    super(file + ": " + problem);
  }
}
