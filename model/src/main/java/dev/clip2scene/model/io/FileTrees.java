package dev.clip2scene.model.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Whole directory trees. */
public final class FileTrees {
  private FileTrees() {}

  /** Deletes P and everything under it (nothing when absent); symbolic links are removed, not followed. */
  public static void delete(Path p) throws IOException {
    if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
    List<Path> all;
    try (Stream<Path> s = Files.walk(p)) {
      all = s.sorted(Comparator.reverseOrder()).toList();
    }
    for (Path q : all) Files.deleteIfExists(q);
  }
}
