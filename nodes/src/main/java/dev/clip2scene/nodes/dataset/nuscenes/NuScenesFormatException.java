package dev.clip2scene.nodes.dataset.nuscenes;

import java.io.IOException;
import java.nio.file.Path;

/** A nuScenes file or table record that does not have the expected form; the message names the file (and token). */
public final class NuScenesFormatException extends IOException {
  public NuScenesFormatException(Path file, String problem) {
    super(file + ": " + problem);
  }
}
