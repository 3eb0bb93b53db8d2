package dev.clip2scene.model.teacher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clip2scene.model.image.RgbImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The teacher pass: every image computed once into the cache (float16, within half precision of the teacher's
 * output), an image that cannot be read reported by name while the pass goes on, and a second pass (as after a
 * kill) computing only what the cache lacks.
 */
class TeacherPassTest {
  @TempDir Path dir;

  /** Features 2 x 3 x 4 made from the image's first pixel, so each image's output differs; counts its runs. */
  private static final class Counting implements Teacher {
    final AtomicInteger runs = new AtomicInteger();

    @Override
    public String weightsHash() {
      return "counting";
    }

    @Override
    public boolean producesFeatures() {
      return true;
    }

    @Override
    public boolean crops() {
      return false;
    }

    @Override
    public TeacherOutput output(TeacherKey key, Supplier<RgbImage> image) {
      runs.incrementAndGet();
      float base = image.get().rgb()[0] & 0xff;
      float[] v = new float[2 * 3 * 4];
      for (int i = 0; i < v.length; i++) v[i] = (base + i) / 7f;
      PixelFeatures f = new PixelFeatures(3, 2, 4, v);
      return new TeacherOutput(labels(f), f);
    }

    @Override
    public PixelLabels labels(PixelFeatures f) {
      return f.argmax(new float[] {1, 0, 0, 0, 0, 0, 0, 1}, 2);
    }
  }

  private static List<TeacherPass.Job> jobs(int n, int broken) {
    List<TeacherPass.Job> jobs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int value = 10 * i;
      TeacherKey key = new TeacherKey("bag", "/cam/image", 1000 + i, "counting", TeacherKey.Crop.whole(8, 6));
      Supplier<RgbImage> image = i == broken ? () -> {
        throw new IllegalArgumentException("truncated JPEG");
      } : () -> new RgbImage(8, 6, filled(8 * 6 * 3, value));
      jobs.add(new TeacherPass.Job(key, image, "bag, topic /cam/image, image at " + (1000 + i) + " ns"));
    }
    return jobs;
  }

  private static byte[] filled(int n, int v) {
    byte[] b = new byte[n];
    java.util.Arrays.fill(b, (byte) v);
    return b;
  }

  @Test
  void computesEachImageOnceReportsBrokenOnesAndResumes() throws Exception {
    Counting inner = new Counting();
    CachedTeacher teacher = new CachedTeacher(inner, new TeacherCache(dir));
    List<Integer> progress = new ArrayList<>();
    TeacherPass.Result first = new TeacherPass(teacher, 3, 2).run(jobs(7, 4), new TeacherPass.Progress() {
      @Override
      public void done(int finished) {
        progress.add(finished);
      }
    });
    assertEquals(7, first.images());
    assertEquals(0, first.alreadyCached());
    assertEquals(6, first.computed());
    assertEquals(List.of("bag, topic /cam/image, image at 1004 ns: truncated JPEG"), first.failures());
    assertEquals(List.of(1, 2, 3, 4, 5, 6, 7), progress, "progress after every image, in order");
    assertEquals(6, inner.runs.get());
    assertTrue(first.cacheBytes() > 0);

    TeacherOutput cached = teacher.output(jobs(7, -1).get(2).key(), () -> {
      throw new AssertionError("a cached output never needs the image");
    });
    float[] exact = inner.output(jobs(7, -1).get(2).key(), jobs(7, -1).get(2).image()).features().values();
    for (int i = 0; i < exact.length; i++) assertEquals(exact[i], cached.features().values()[i], Math.abs(exact[i]) / 1024, "float16 keeps 11 significant bits");

    // as after a kill: some entries lost, the pass computes those only
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.filter(p -> p.toString().endsWith(".npy")).limit(2).toList()) Files.delete(p);
    }
    inner.runs.set(0);
    TeacherPass.Result second = new TeacherPass(teacher, 1, 1).run(jobs(7, 4), new TeacherPass.Progress() {});
    assertEquals(4, second.alreadyCached());
    assertEquals(2, second.computed());
    assertEquals(2, inner.runs.get());
    assertEquals(1, second.failures().size());
    assertEquals(first.cacheBytes(), second.cacheBytes(), "the same entries again");
  }
}
