package dev.clip2scene.model.io;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTreesTest {
  @TempDir Path tmp;

  @Test
  void deletesATreeButNotWhatItsLinksPointTo() throws Exception {
    Path keep = Files.createDirectories(tmp.resolve("keep"));
    Files.writeString(keep.resolve("f"), "x");
    Path tree = Files.createDirectories(tmp.resolve("tree/a/b"));
    Files.writeString(tree.resolve("g"), "y");
    Files.createSymbolicLink(tmp.resolve("tree/a/link"), keep);
    FileTrees.delete(tmp.resolve("tree"));
    assertFalse(Files.exists(tmp.resolve("tree")));
    assertTrue(Files.exists(keep.resolve("f")), "a link is removed, not followed");
    FileTrees.delete(tmp.resolve("tree")); // absent: nothing to do
  }
}
