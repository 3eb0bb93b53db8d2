package dev.clip2scene.nodes.cli.pretrain;

import dev.clip2scene.model.net.ModelFolder;
import java.nio.file.Files;
import java.nio.file.Path;

/** A model argument: a model folder, or a run directory whose checkpoint/ is one. */
final class ModelPaths {
  private ModelPaths() {}

  static Path folder(Path m) {
    if (Files.isRegularFile(m.resolve(ModelFolder.CONFIG))) return m;
    if (Files.isRegularFile(m.resolve("checkpoint").resolve(ModelFolder.CONFIG))) return m.resolve("checkpoint");
    throw new IllegalArgumentException(m + " is neither a model folder (" + ModelFolder.CONFIG + ") nor a run directory with checkpoint/");
  }
}
