package dev.clip2scene.model.teacher;

import dev.clip2scene.model.io.Npy;
import dev.clip2scene.model.io.NpyArray;
import dev.clip2scene.model.io.TensorFileException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Teacher outputs on disk, one .npy file per {@link TeacherKey}, so that later epochs and runs reuse them instead
 * of running CLIP again: features as float16 (half the bytes; MaskCLIP's unit-length features keep about three
 * significant digits), labels as int32. Files are written atomically; an unreadable entry (a crash mid-write on a
 * file system without atomic rename, a disk error) is recomputed and replaced, never trusted. Thread-safe.
 */
public final class TeacherCache {
  private final Path dir;
  private final AtomicLong hits = new AtomicLong();
  private final AtomicLong misses = new AtomicLong();

  public TeacherCache(Path dir) {
    this.dir = dir;
  }

  public Path dir() {
    return dir;
  }

  public PixelFeatures features(TeacherKey key, Supplier<PixelFeatures> compute) {
    return cached(file(key, "features"), TeacherCache::readFeatures, compute,
        (f, out) -> Npy.writeHalfs(f, new long[] {out.height(), out.width(), out.dim()}, out.values()));
  }

  public PixelLabels labels(TeacherKey key, Supplier<PixelLabels> compute) {
    return cached(file(key, "labels"), TeacherCache::readLabels, compute,
        (f, out) -> Npy.writeInts(f, new long[] {out.height(), out.width()}, out.labels()));
  }

  /** Whether KEY's features (or labels, for label teachers) are stored; does not check that they read back. */
  public boolean contains(TeacherKey key, boolean features) {
    return Files.isRegularFile(file(key, features ? "features" : "labels"));
  }

  /** Bytes the cache's files take on disk. */
  public long sizeBytes() {
    if (!Files.isDirectory(dir)) return 0;
    try (java.util.stream.Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).mapToLong(p -> {
        try {
          return Files.size(p);
        } catch (IOException e) {
          return 0; // removed meanwhile
        }
      }).sum();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot measure the teacher cache " + dir + ": " + e.getMessage(), e);
    }
  }

  private interface Writer<T> {
    void write(Path file, T value) throws IOException;
  }

  private <T> T cached(Path f, java.util.function.Function<Path, T> read, Supplier<T> compute, Writer<T> writer) {
    T hit = read.apply(f);
    if (hit != null) {
      hits.incrementAndGet();
      return hit;
    }
    misses.incrementAndGet();
    T out = compute.get();
    try {
      writer.write(f, out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write teacher cache entry " + f + ": " + e.getMessage(), e);
    }
    return out;
  }

  public long hits() {
    return hits.get();
  }

  public long misses() {
    return misses.get();
  }

  private Path file(TeacherKey key, String kind) {
    String d = key.digest();
    return dir.resolve(d.substring(0, 2)).resolve(d + "." + kind + ".npy");
  }

  private static PixelFeatures readFeatures(Path f) {
    NpyArray a = readOrNull(f);
    if (a == null || a.shape().length != 3) return null;
    return new PixelFeatures((int) a.shape()[1], (int) a.shape()[0], (int) a.shape()[2], a.floats());
  }

  private static PixelLabels readLabels(Path f) {
    NpyArray a = readOrNull(f);
    if (a == null || a.shape().length != 2) return null;
    long[] v = a.longs();
    int[] labels = new int[v.length];
    for (int i = 0; i < v.length; i++) labels[i] = (int) v[i];
    return new PixelLabels((int) a.shape()[1], (int) a.shape()[0], labels);
  }

  private static NpyArray readOrNull(Path f) {
    if (!Files.isRegularFile(f)) return null;
    try {
      return Npy.read(f);
    } catch (TensorFileException e) {
      return null; // damaged entry: recompute and overwrite
    }
  }
}
