package dev.clip2scene.model.clip;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The class names to segment, in label order: a file with one class per line, or a bundled vocabulary by name
 * ({@link #BUNDLED}: the nuScenes 16, SemanticKITTI 19 and ScanNet 20 classes of the paper).
 */
public record Vocabulary(List<String> classes, String source) {
  public static final List<String> BUNDLED = List.of("nuscenes", "semantickitti", "scannet");

  public Vocabulary {
    classes = List.copyOf(classes);
    if (classes.isEmpty()) throw new IllegalArgumentException(source + ": the vocabulary has no classes");
    Set<String> seen = new HashSet<>();
    for (String c : classes) {
      if (!seen.add(c)) throw new IllegalArgumentException(source + ": class '" + c + "' is listed twice");
    }
  }

  public static Vocabulary read(Path file) {
    return new Vocabulary(LineLists.read(file), file.toString());
  }

  /** A bundled vocabulary name (e.g. "nuscenes") or a file path. */
  public static Vocabulary resolve(String nameOrPath) {
    if (BUNDLED.contains(nameOrPath) && !Files.exists(Path.of(nameOrPath))) {
      return new Vocabulary(LineLists.resource("vocabularies/" + nameOrPath + ".txt"), "bundled " + nameOrPath);
    }
    Path file = Path.of(nameOrPath);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("vocabulary '" + nameOrPath + "' is neither a file nor a bundled vocabulary "
          + BUNDLED);
    }
    return read(file);
  }
}
