package dev.clip2scene.nodes.tf;

import dev.clip2scene.model.geometry.RigidTransform;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A tf buffer as a plain library, in the manner of tf2's BufferCore: dynamic edges (/tf) kept for a time window,
 * static edges (/tf_static) kept forever, lookups between any two frames of a tree at a stamp through their common
 * ancestor, interpolating each dynamic edge (translation linearly, rotation by slerp).
 *
 * <p>Each child frame has one parent; an edge naming a new parent, or switching between static and dynamic, replaces
 * the frame's history. Time running backwards (a looping bag, a restarted simulator) is detected when an edge arrives
 * more than the jump tolerance before that edge's newest stamp, or when {@link #observeTime} sees the clock go back:
 * the dynamic edges are then cleared, since their history belongs to another timeline.
 *
 * <p>Thread-safe: DDS callbacks may insert while other threads look up. A lookup may wait for a transform that has not
 * arrived yet ({@link #lookup(String, String, long, Duration)}, as tf2_ros's Buffer offers): it is woken by each insert
 * and retries, so it returns as soon as the data is there, without polling.
 */
public final class TransformBuffer {
  public static final Duration DEFAULT_CACHE_WINDOW = Duration.ofSeconds(10);
  public static final Duration DEFAULT_JUMP_TOLERANCE = Duration.ofSeconds(1);

  /** What {@link #add} did with an edge. */
  public enum Insert {
    /** Stored. */
    STORED,
    /** Stored after clearing every dynamic edge, because the stamp shows that time jumped backwards. */
    STORED_AFTER_TIME_JUMP
  }

  private final long windowNs;
  private final long jumpToleranceNs;
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private final Map<String, TimeCache> dynamic = new HashMap<>();
  private final Map<String, StampedTransform> statics = new HashMap<>();
  private final Set<String> parents = new HashSet<>();
  private long lastObservedNs = Long.MIN_VALUE;
  private long timeJumps;
  /** Waiting lookups sleep on this; every insert or clear bumps the version and wakes them. */
  private final Object inserted = new Object();
  private long version;
  private int waiting;

  public TransformBuffer(Duration cacheWindow, Duration jumpTolerance) {
    if (cacheWindow.isNegative() || cacheWindow.isZero() || jumpTolerance.isNegative()) {
      throw new IllegalArgumentException("cache window must be positive and jump tolerance non-negative");
    }
    this.windowNs = cacheWindow.toNanos();
    this.jumpToleranceNs = jumpTolerance.toNanos();
  }

  public TransformBuffer() {
    this(DEFAULT_CACHE_WINDOW, DEFAULT_JUMP_TOLERANCE);
  }

  /** Adds a dynamic edge (from /tf). */
  public Insert add(StampedTransform t) {
    lock.writeLock().lock();
    try {
      Insert result = Insert.STORED;
      statics.remove(t.child());
      TimeCache cache = dynamic.get(t.child());
      if (cache != null && !cache.isEmpty() && t.stampNs() < cache.newest() - jumpToleranceNs) {
        clearDynamicLocked();
        timeJumps++;
        cache = null;
        result = Insert.STORED_AFTER_TIME_JUMP;
      }
      if (cache == null || !cache.parent().equals(t.parent())) {
        cache = new TimeCache(t.parent(), t.child());
        dynamic.put(t.child(), cache);
      }
      cache.insert(t.stampNs(), t.transform(), windowNs);
      parents.add(t.parent());
      return result;
    } finally {
      lock.writeLock().unlock();
      changed();
    }
  }

  /** Adds a static edge (from /tf_static): valid at every stamp, kept until replaced. */
  public void addStatic(StampedTransform t) {
    lock.writeLock().lock();
    try {
      dynamic.remove(t.child());
      statics.put(t.child(), t);
      parents.add(t.parent());
    } finally {
      lock.writeLock().unlock();
      changed();
    }
  }

  private void changed() {
    synchronized (inserted) {
      version++;
      inserted.notifyAll();
    }
  }

  /**
   * Tells the buffer the current time of the data stream (e.g. each cloud's stamp). When it runs backwards by more
   * than the jump tolerance, the dynamic edges are cleared and true is returned.
   */
  public boolean observeTime(long stampNs) {
    lock.writeLock().lock();
    try {
      boolean jumped = lastObservedNs != Long.MIN_VALUE && stampNs < lastObservedNs - jumpToleranceNs;
      if (jumped) {
        clearDynamicLocked();
        timeJumps++;
      }
      lastObservedNs = stampNs;
      return jumped;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Forgets every dynamic edge (static ones stay). */
  public void clear() {
    lock.writeLock().lock();
    try {
      clearDynamicLocked();
    } finally {
      lock.writeLock().unlock();
    }
  }

  private void clearDynamicLocked() {
    dynamic.clear();
    parents.clear();
    for (StampedTransform s : statics.values()) parents.add(s.parent());
  }

  /** How many times time was seen to jump backwards. */
  public long timeJumps() {
    lock.readLock().lock();
    try {
      return timeJumps;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Every frame some edge names. */
  public Set<String> frames() {
    lock.readLock().lock();
    try {
      Set<String> all = new HashSet<>(parents);
      all.addAll(dynamic.keySet());
      all.addAll(statics.keySet());
      return all;
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * The transform mapping points in SOURCE to TARGET at STAMP_NS (tf2's lookupTransform(target, source, time)).
   * STAMP_NS = 0 means the latest stamp at which every edge on the way has data.
   *
   * @throws TransformException.UnknownFrame a frame no edge names
   * @throws TransformException.Disconnected frames in different trees
   * @throws TransformException.Extrapolation a dynamic edge on the way has no data at that stamp
   */
  public RigidTransform lookup(String target, String source, long stampNs) {
    String t = StampedTransform.frameName(target, "target");
    String s = StampedTransform.frameName(source, "source");
    lock.readLock().lock();
    try {
      requireKnown(t);
      requireKnown(s);
      if (t.equals(s)) return RigidTransform.IDENTITY;
      List<String> up = chain(s);
      List<String> down = chain(t);
      String ancestor = null;
      for (String f : up) {
        if (down.contains(f)) {
          ancestor = f;
          break;
        }
      }
      if (ancestor == null) throw new TransformException.Disconnected(t, s, down.get(down.size() - 1),
          up.get(up.size() - 1));
      long stamp = stampNs != 0 ? stampNs : latestCommon(up, down, ancestor);
      RigidTransform ancestorFromSource = toAncestor(up, ancestor, stamp);
      RigidTransform ancestorFromTarget = toAncestor(down, ancestor, stamp);
      return ancestorFromTarget.inverse().compose(ancestorFromSource);
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * {@link #lookup(String, String, long)}, waiting up to TIMEOUT for the edges it needs: each insert wakes the wait
   * and the lookup is tried again; when the timeout passes, the last attempt's exception is thrown. A zero timeout
   * tries once.
   *
   * @throws InterruptedException when the waiting thread is interrupted
   */
  public RigidTransform lookup(String target, String source, long stampNs, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
    while (true) {
      long seen;
      synchronized (inserted) {
        seen = version;
      }
      try {
        return lookup(target, source, stampNs);
      } catch (TransformException e) {
        synchronized (inserted) {
          waiting++;
          try {
            while (version == seen) {
              long left = deadline - System.nanoTime();
              if (left <= 0) throw e;
              TimeUnit.NANOSECONDS.timedWait(inserted, left);
            }
          } finally {
            waiting--;
          }
        }
      }
    }
  }

  /** How many lookups are waiting for an insert right now. */
  public int waitingLookups() {
    synchronized (inserted) {
      return waiting;
    }
  }

  /** Whether {@link #lookup} would succeed. */
  public boolean canTransform(String target, String source, long stampNs) {
    try {
      lookup(target, source, stampNs);
      return true;
    } catch (TransformException | IllegalArgumentException e) {
      return false;
    }
  }

  private void requireKnown(String frame) {
    if (!dynamic.containsKey(frame) && !statics.containsKey(frame) && !parents.contains(frame)) {
      throw new TransformException.UnknownFrame(frame);
    }
  }

  private String parentOf(String frame) {
    TimeCache c = dynamic.get(frame);
    if (c != null) return c.parent();
    StampedTransform s = statics.get(frame);
    return s == null ? null : s.parent();
  }

  /** FRAME, its parent, grandparent, ... up to its root. */
  private List<String> chain(String frame) {
    List<String> chain = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String f = frame; f != null; f = parentOf(f)) {
      if (!seen.add(f)) throw new TransformException.Loop(f);
      chain.add(f);
    }
    return chain;
  }

  /** Composes the edges from CHAIN's first frame up to ANCESTOR at STAMP. */
  private RigidTransform toAncestor(List<String> chain, String ancestor, long stamp) {
    RigidTransform result = RigidTransform.IDENTITY;
    for (String f : chain) {
      if (f.equals(ancestor)) break;
      TimeCache c = dynamic.get(f);
      RigidTransform edge = c != null ? c.at(stamp) : statics.get(f).transform();
      result = edge.compose(result);
    }
    return result;
  }

  /** The newest stamp every dynamic edge below ANCESTOR has reached (0 on static-only paths, where none matters). */
  private long latestCommon(List<String> up, List<String> down, String ancestor) {
    long latest = Long.MAX_VALUE;
    for (List<String> chain : List.of(up, down)) {
      for (String f : chain) {
        if (f.equals(ancestor)) break;
        TimeCache c = dynamic.get(f);
        if (c != null) latest = Math.min(latest, c.newest());
      }
    }
    return latest == Long.MAX_VALUE ? 0 : latest;
  }
}
