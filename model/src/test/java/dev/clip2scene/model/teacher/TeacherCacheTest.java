package dev.clip2scene.model.teacher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.clip2scene.model.loss.PseudoLabels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TeacherCacheTest {
  @TempDir Path dir;

  private static TeacherKey key(long stamp, String weights) {
    return new TeacherKey("bags/run1", "/cam_front/image", stamp, weights, TeacherKey.Crop.whole(1600, 900));
  }

  @Test
  void computesOnceThenReadsFromDisk() {
    TeacherCache cache = new TeacherCache(dir);
    AtomicInteger runs = new AtomicInteger();
    PixelFeatures f = new PixelFeatures(2, 1, 3, new float[] {1, 2, 3, 4, 5, 6});
    PixelFeatures first = cache.features(key(5, "abc"), () -> {
      runs.incrementAndGet();
      return f;
    });
    PixelFeatures again = new TeacherCache(dir).features(key(5, "abc"), () -> {
      runs.incrementAndGet();
      return f;
    });
    assertEquals(1, runs.get());
    assertArrayEquals(first.values(), again.values());
    assertEquals(2, again.width());
    assertEquals(1, again.height());
    cache.features(key(5, "other-weights"), () -> {
      runs.incrementAndGet();
      return f;
    });
    assertEquals(2, runs.get(), "other weights are another entry");
  }

  @Test
  void damagedEntriesAreRecomputed() throws IOException {
    TeacherCache cache = new TeacherCache(dir);
    PixelLabels l = new PixelLabels(2, 2, new int[] {0, 1, PseudoLabels.IGNORE, 3});
    cache.labels(key(1, "w"), () -> l);
    try (Stream<Path> files = Files.walk(dir)) {
      Path entry = files.filter(p -> p.toString().endsWith(".npy")).findFirst().orElseThrow();
      Files.write(entry, new byte[] {1, 2, 3});
    }
    AtomicInteger runs = new AtomicInteger();
    PixelLabels back = cache.labels(key(1, "w"), () -> {
      runs.incrementAndGet();
      return l;
    });
    assertEquals(1, runs.get());
    assertArrayEquals(l.labels(), back.labels());
    assertArrayEquals(l.labels(), new TeacherCache(dir).labels(key(1, "w"), () -> null).labels());
  }

  @Test
  void keysDifferInEveryPart() {
    TeacherKey k = key(1, "w");
    assertNotEquals(k.digest(), key(2, "w").digest());
    assertNotEquals(k.digest(), new TeacherKey("bags/run1", "/cam_front/image", 1, "w",
        new TeacherKey.Crop(0, 0, 1600, 900, 1600, 900, true)).digest());
    assertEquals(k.digest(), key(1, "w").digest());
  }

  @Test
  void samplingMapsImagePixelsToGridCells() {
    // 2 x 1 grid over a 32 x 16 image: left half label 4, right half label 7
    PixelLabels l = new PixelLabels(2, 1, new int[] {4, 7});
    assertEquals(4, l.at(0, 0, 32, 16));
    assertEquals(4, l.at(15.9f, 15, 32, 16));
    assertEquals(7, l.at(16, 3, 32, 16));
    assertEquals(PseudoLabels.IGNORE, l.at(32, 3, 32, 16));
    // bilinear: halfway between the two cell centres (pixel 15.5 of 32 -> grid 0.5) averages them
    PixelFeatures f = new PixelFeatures(2, 1, 1, new float[] {0, 10});
    float[] out = new float[1];
    f.sample(15.5f, 8, 32, 16, out, 0);
    assertEquals(5f, out[0], 1e-5);
    f.sample(0, 8, 32, 16, out, 0);
    assertEquals(0f, out[0], 1e-5);
    assertArrayEquals(new int[] {1, 0}, new PixelFeatures(2, 1, 2, new float[] {0, 1, 1, 0})
        .argmax(new float[] {1, 0, 0, 1}, 2).labels());
  }
}
