package dev.clip2scene.model.infer;

import java.util.ArrayList;
import java.util.List;

/**
 * Float arrays reused from one forward pass to the next, so that a node segmenting cloud after cloud neither
 * zeroes nor collects a few hundred megabytes per cloud. Arrays lent during a pass come back at
 * {@link #recycle}; any free array not taken during a pass is dropped then, so the arena holds at most one pass's
 * working set. Contents of a lent array are arbitrary: callers overwrite every value they read. Not thread-safe.
 */
public final class RowArena {
  private List<float[]> free = new ArrayList<>();
  private List<float[]> lent = new ArrayList<>();

  /** An array of at least {@code size} values: the smallest free one that fits and is not over twice as large. */
  float[] take(int size) {
    int best = -1;
    for (int i = 0; i < free.size(); i++) {
      int length = free.get(i).length;
      if (length >= size && length <= 2L * size && (best < 0 || length < free.get(best).length)) best = i;
    }
    float[] a = best >= 0 ? free.remove(best) : new float[size + size / 8]; // room for a slightly larger next cloud
    lent.add(a);
    return a;
  }

  /** Ends a pass: everything lent is free again, nothing from it may be used after this. */
  public void recycle() {
    free = lent;
    lent = new ArrayList<>();
  }

  /** Bytes held, lent or free. */
  public long bytes() {
    long n = 0;
    for (float[] a : free) n += 4L * a.length;
    for (float[] a : lent) n += 4L * a.length;
    return n;
  }
}
