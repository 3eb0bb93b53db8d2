package dev.clip2scene.model.teacher;

import dev.clip2scene.model.image.RgbImage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Runs a cached teacher once over a list of images before training, so that training only reads the cache: images
 * whose output is cached already are skipped (a killed pass resumes where it stopped, since every entry is written
 * atomically as soon as it is computed), the others are read and decoded by worker threads a few images ahead
 * while the teacher runs on the calling thread (CLIP uses every core by itself). An image that cannot be read or
 * decoded is reported and left out; the pass goes on.
 */
public final class TeacherPass {
  /** One image: its cache key, how to get its pixels (called on a worker thread), and what to call it in messages. */
  public record Job(TeacherKey key, Supplier<RgbImage> image, String where) {}

  /** What a pass did; FAILED are the keys of the images in FAILURES (what went wrong, where). */
  public record Result(int images, int alreadyCached, int computed, List<String> failures, List<TeacherKey> failed, double seconds, long cacheBytes) {
    public double imagesPerSecond() {
      return seconds > 0 ? computed / seconds : 0;
    }
  }

  /** Hears about progress: once with the totals, then after each image the pass finished. */
  public interface Progress {
    default void started(int toCompute, int alreadyCached) {}

    default void done(int finished) {}
  }

  private final CachedTeacher teacher;
  private final int workers;
  private final int depth;

  /** WORKERS threads read and decode images, at most DEPTH of them held decoded at once. */
  public TeacherPass(CachedTeacher teacher, int workers, int depth) {
    if (workers < 1 || depth < 1) throw new IllegalArgumentException("teacher pass needs at least one worker and a depth of one, got " + workers + ", " + depth);
    this.teacher = teacher;
    this.workers = workers;
    this.depth = depth;
  }

  public Result run(List<Job> jobs, Progress progress) {
    long t0 = System.nanoTime();
    List<Job> todo = new ArrayList<>();
    for (Job j : jobs) if (!teacher.cached(j.key())) todo.add(j);
    progress.started(todo.size(), jobs.size() - todo.size());
    List<String> failures = new ArrayList<>();
    List<TeacherKey> failed = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
      Thread t = new Thread(r, "teacher-pass-reader");
      t.setDaemon(true);
      return t;
    });
    try {
      Deque<Future<RgbImage>> ahead = new ArrayDeque<>();
      int submitted = 0;
      for (int i = 0; i < todo.size(); i++) {
        while (submitted < todo.size() && ahead.size() < depth) {
          Supplier<RgbImage> image = todo.get(submitted++).image();
          ahead.add(pool.submit(image::get));
        }
        Job job = todo.get(i);
        RgbImage image;
        try {
          image = ahead.poll().get();
        } catch (ExecutionException e) {
          failures.add(job.where() + ": " + e.getCause().getMessage());
          failed.add(job.key());
          progress.done(i + 1);
          continue;
        }
        teacher.output(job.key(), () -> image);
        progress.done(i + 1);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("teacher pass interrupted", e);
    } finally {
      pool.shutdownNow();
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    return new Result(jobs.size(), jobs.size() - todo.size(), todo.size() - failures.size(), failures, failed, seconds, teacher.cache().sizeBytes());
  }
}
