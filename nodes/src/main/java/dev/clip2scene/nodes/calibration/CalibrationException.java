package dev.clip2scene.nodes.calibration;

import java.io.IOException;
import java.nio.file.Path;

/** A calibration file that cannot be used; the message names the file and the key. */
public final class CalibrationException extends IOException {
  public CalibrationException(Path file, String key, String problem) {
    super(file + ": " + (key.isEmpty() ? "" : key + ": ") + problem);
  }

  public CalibrationException(Path file, String problem, Throwable cause) {
    super(file + ": " + problem, cause);
  }
}
