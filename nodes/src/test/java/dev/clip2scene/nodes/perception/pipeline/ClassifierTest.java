package dev.clip2scene.nodes.perception.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clip2scene.model.clip.TextEmbeddingsFolder;
import dev.clip2scene.model.net.TextEmbeddings;
import dev.clip2scene.msgs.builtin.Time;
import dev.clip2scene.msgs.clip2scene.LabelMap;
import dev.clip2scene.msgs.std.Header;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassifierTest {
  @TempDir Path dir;

  @Test
  void readsAClipEmbedFolderAndChecksItsSize() throws Exception {
    float[] rows = {1, 0, 0, 0, 0, 1, 0, 0};
    TextEmbeddingsFolder.write(dir, new TextEmbeddings(List.of("road", "tree"), 4, rows));
    Classifier c = Classifier.fromEmbedFolder(dir, 4);
    assertEquals(List.of("road", "tree"), c.embeddings().labels());
    assertArrayEquals(rows, c.embeddings().values());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Classifier.fromEmbedFolder(dir, 512));
    assertTrue(e.getMessage().contains("4 dims") && e.getMessage().contains("512"), e.getMessage());
  }

  @Test
  void randomEmbeddingsAreUnitRowsAndTheLabelMapHasColours() {
    Classifier c = Classifier.random("nuscenes", 16, 7);
    assertEquals(16, c.embeddings().classes());
    for (int k = 0; k < c.embeddings().classes(); k++) {
      double n = 0;
      for (int d = 0; d < 16; d++) n += Math.pow(c.embeddings().values()[k * 16 + d], 2);
      assertEquals(1.0, n, 1e-5);
    }
    LabelMap map = c.labelMap(new Header(Time.ZERO, ""));
    assertEquals(17, map.classes().size());
    assertEquals("barrier", map.classes().get(0).name());
    assertEquals(c.rgb(3), map.classes().get(3).rgb());
    assertEquals(Classifier.UNLABELLED, map.classes().get(16).id());
    assertArrayEquals(c.embeddings().values(), Classifier.random("nuscenes", 16, 7).embeddings().values());
  }
}
