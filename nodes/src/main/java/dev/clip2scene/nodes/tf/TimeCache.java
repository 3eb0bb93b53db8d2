package dev.clip2scene.nodes.tf;

import dev.clip2scene.model.geometry.RigidTransform;
import java.util.Arrays;

/**
 * The recent history of one dynamic tf edge, sorted by stamp, limited to a time window behind its newest stamp.
 * Not thread-safe: {@link TransformBuffer} guards it.
 */
final class TimeCache {
  private final String parent;
  private final String child;
  private long[] stamps = new long[16];
  private RigidTransform[] values = new RigidTransform[16];
  private int size;

  TimeCache(String parent, String child) {
    this.parent = parent;
    this.child = child;
  }

  String parent() {
    return parent;
  }

  boolean isEmpty() {
    return size == 0;
  }

  long oldest() {
    return stamps[0];
  }

  long newest() {
    return stamps[size - 1];
  }

  /** Inserts in stamp order (an equal stamp replaces), then drops entries older than newest - WINDOW_NS. */
  void insert(long stamp, RigidTransform value, long windowNs) {
    int at = size == 0 || stamp > stamps[size - 1] ? size : Arrays.binarySearch(stamps, 0, size, stamp);
    if (at >= 0 && at < size) {
      values[at] = value;
      return;
    }
    if (at < 0) at = -at - 1;
    if (size == stamps.length) {
      stamps = Arrays.copyOf(stamps, size * 2);
      values = Arrays.copyOf(values, size * 2);
    }
    System.arraycopy(stamps, at, stamps, at + 1, size - at);
    System.arraycopy(values, at, values, at + 1, size - at);
    stamps[at] = stamp;
    values[at] = value;
    size++;
    prune(windowNs);
  }

  private void prune(long windowNs) {
    long keepFrom = newest() - windowNs;
    int drop = 0;
    while (drop < size - 1 && stamps[drop] < keepFrom) drop++;
    if (drop == 0) return;
    System.arraycopy(stamps, drop, stamps, 0, size - drop);
    System.arraycopy(values, drop, values, 0, size - drop);
    Arrays.fill(values, size - drop, size, null);
    size -= drop;
  }

  /** The edge at STAMP, interpolated between its neighbours; throws when STAMP is outside the data. */
  RigidTransform at(long stamp) {
    if (size == 0 || stamp < stamps[0] || stamp > stamps[size - 1]) {
      throw new TransformException.Extrapolation(parent, child, stamp, size == 0 ? 0 : stamps[0],
          size == 0 ? 0 : stamps[size - 1]);
    }
    int i = Arrays.binarySearch(stamps, 0, size, stamp);
    if (i >= 0) return values[i];
    int hi = -i - 1;
    long t0 = stamps[hi - 1], t1 = stamps[hi];
    return RigidTransform.interpolate(values[hi - 1], values[hi], (double) (stamp - t0) / (t1 - t0));
  }
}
