package dev.clip2scene.nodes.tf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clip2scene.model.geometry.Quaternion;
import dev.clip2scene.model.geometry.RigidTransform;
import dev.clip2scene.model.geometry.Vector3;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class TransformBufferTest {
  private static final long S = 1_000_000_000L;

  private static RigidTransform yaw(double tx, double ty, double angle) {
    return RigidTransform.of(tx, ty, 0, Quaternion.fromAxisAngle(new Vector3(0, 0, 1), angle));
  }

  private static void assertClose(Vector3 expected, Vector3 actual) {
    assertEquals(0, expected.minus(actual).norm(), 1e-9, () -> "expected " + expected + " got " + actual);
  }

  /** odom -> base_link moving along x at 1 m/s and turning, static base_link -> lidar and -> camera. */
  private static TransformBuffer robot() {
    TransformBuffer b = new TransformBuffer();
    b.addStatic(new StampedTransform("base_link", "lidar", 0, RigidTransform.of(0, 0, 1.8, Quaternion.IDENTITY)));
    b.addStatic(new StampedTransform("/base_link", "camera", 0, yaw(1.5, 0, 0)));
    b.add(new StampedTransform("map", "odom", 10 * S, RigidTransform.IDENTITY));
    b.add(new StampedTransform("map", "odom", 12 * S, RigidTransform.IDENTITY));
    for (int i = 10; i <= 12; i++) b.add(new StampedTransform("odom", "base_link", i * S, yaw(i, 0, (i - 10) * 0.5)));
    return b;
  }

  @Test
  void chainsThroughTheCommonAncestorAndInterpolates() {
    TransformBuffer b = robot();
    // at 10 s the robot is at x = 10 heading +x: the lidar origin is at (10, 0, 1.8) in odom
    assertClose(new Vector3(10, 0, 1.8), b.lookup("odom", "lidar", 10 * S).apply(Vector3.ZERO));
    // halfway between 10 s and 11 s: x = 10.5, yaw 0.25 rad (slerp); a point 1 m ahead of base_link
    RigidTransform mid = b.lookup("map", "base_link", 10 * S + S / 2);
    assertClose(new Vector3(10.5 + Math.cos(0.25), Math.sin(0.25), 0), mid.apply(new Vector3(1, 0, 0)));
    // sibling frames meet at base_link: the lidar origin seen from the camera
    assertClose(new Vector3(-1.5, 0, 1.8), b.lookup("camera", "lidar", 11 * S).apply(Vector3.ZERO));
    // inverse direction
    assertClose(Vector3.ZERO, b.lookup("lidar", "odom", 11 * S).apply(new Vector3(11, 0, 1.8)));
    // latest common time (stamp 0) = 12 s
    assertClose(new Vector3(12, 0, 0), b.lookup("map", "base_link", 0).apply(Vector3.ZERO));
    assertEquals(RigidTransform.IDENTITY, b.lookup("lidar", "lidar", 3 * S));
    assertTrue(b.canTransform("map", "camera", 11 * S));
  }

  @Test
  void clearErrors() {
    TransformBuffer b = robot();
    var unknown = assertThrows(TransformException.UnknownFrame.class, () -> b.lookup("map", "radar", 11 * S));
    assertEquals("radar", unknown.frame());
    b.addStatic(new StampedTransform("world", "gps", 0, RigidTransform.IDENTITY));
    var apart = assertThrows(TransformException.Disconnected.class, () -> b.lookup("gps", "lidar", 11 * S));
    assertTrue(apart.getMessage().contains("rooted at 'world'") && apart.getMessage().contains("rooted at 'map'"),
        apart.getMessage());
    var past = assertThrows(TransformException.Extrapolation.class, () -> b.lookup("odom", "lidar", 9 * S));
    assertTrue(past.intoPast());
    assertEquals("lookup would extrapolate into the past: requested 9.000000000 s but odom -> base_link has data "
        + "from 10.000000000 s to 12.000000000 s", past.getMessage());
    var future = assertThrows(TransformException.Extrapolation.class, () -> b.lookup("map", "camera", 13 * S));
    assertFalse(future.intoPast());
    assertTrue(future.getMessage().contains("into the future"), future.getMessage());
    assertFalse(b.canTransform("map", "camera", 13 * S));
  }

  @Test
  void loopsAreReported() {
    TransformBuffer b = new TransformBuffer();
    b.addStatic(new StampedTransform("a", "b", 0, RigidTransform.IDENTITY));
    b.addStatic(new StampedTransform("b", "a", 0, RigidTransform.IDENTITY));
    b.addStatic(new StampedTransform("x", "c", 0, RigidTransform.IDENTITY));
    assertThrows(TransformException.Loop.class, () -> b.lookup("c", "a", 0));
  }

  @Test
  void cacheWindowDropsOldData() {
    TransformBuffer b = new TransformBuffer(Duration.ofSeconds(2), Duration.ofSeconds(1));
    for (int i = 0; i <= 50; i++) {
      b.add(new StampedTransform("odom", "base_link", i * S / 10, yaw(i, 0, 0)));
    }
    assertTrue(b.canTransform("odom", "base_link", 3 * S));
    assertFalse(b.canTransform("odom", "base_link", 2 * S + S / 2), "older than the 2 s window behind 5 s");
    // an out-of-order edge inside the tolerance is inserted in place
    b.add(new StampedTransform("odom", "base_link", 4 * S + S / 20, yaw(-100, 0, 0)));
    assertEquals(-100, b.lookup("odom", "base_link", 4 * S + S / 20).translation().x(), 1e-9);
    assertEquals(0, b.timeJumps());
  }

  @Test
  void timeJumpingBackwardsClearsDynamicEdges() {
    TransformBuffer b = robot();
    // the bag loops: odom -> base_link comes again at 10 s
    assertEquals(TransformBuffer.Insert.STORED_AFTER_TIME_JUMP,
        b.add(new StampedTransform("odom", "base_link", 10 * S, yaw(0, 0, 0))));
    assertEquals(1, b.timeJumps());
    assertThrows(TransformException.UnknownFrame.class, () -> b.lookup("map", "base_link", 10 * S),
        "map -> odom belonged to the old timeline");
    assertClose(new Vector3(0, 0, 1.8), b.lookup("odom", "lidar", 10 * S).apply(Vector3.ZERO));
    // the data clock jumping back is detected too
    assertFalse(b.observeTime(20 * S));
    assertFalse(b.observeTime(19 * S + S / 2));
    assertTrue(b.observeTime(5 * S));
    assertEquals(2, b.timeJumps());
    assertThrows(TransformException.UnknownFrame.class, () -> b.lookup("odom", "lidar", 10 * S));
    assertTrue(b.canTransform("camera", "lidar", 10 * S), "static edges survive");
    b.clear();
    assertEquals(2, b.timeJumps());
  }

  @Test
  void reparentingReplacesTheHistory() {
    TransformBuffer b = robot();
    b.add(new StampedTransform("map", "base_link", 12 * S, yaw(3, 4, 0)));
    assertClose(new Vector3(3, 4, 1.8), b.lookup("map", "lidar", 12 * S).apply(Vector3.ZERO));
    assertThrows(TransformException.Extrapolation.class, () -> b.lookup("map", "lidar", 11 * S));
  }

  @Test
  void concurrentInsertsAndLookups() throws Exception {
    TransformBuffer b = new TransformBuffer();
    b.addStatic(new StampedTransform("base_link", "lidar", 0, RigidTransform.IDENTITY));
    b.add(new StampedTransform("odom", "base_link", 0, yaw(0, 0, 0)));
    AtomicBoolean done = new AtomicBoolean();
    java.util.concurrent.CountDownLatch readersRunning = new java.util.concurrent.CountDownLatch(2);
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      Future<?> writer = pool.submit(() -> {
        readersRunning.await(); // on a busy machine the readers might otherwise start after the last insert
        for (int i = 1; i <= 20_000; i++) b.add(new StampedTransform("odom", "base_link", i * 1_000_000L, yaw(i, 0, 0)));
        done.set(true);
        return null;
      });
      List<Future<Integer>> readers = new ArrayList<>();
      for (int r = 0; r < 2; r++) {
        readers.add(pool.submit(() -> {
          int ok = 0;
          readersRunning.countDown();
          do {
            RigidTransform t = b.lookup("odom", "lidar", 0);
            if (t.translation().x() < 0) throw new AssertionError("went backwards");
            ok++;
          } while (!done.get());
          return ok;
        }));
      }
      writer.get(60, TimeUnit.SECONDS);
      for (Future<Integer> r : readers) assertTrue(r.get(60, TimeUnit.SECONDS) > 0);
      assertEquals(20_000, b.lookup("odom", "lidar", 0).translation().x(), 1e-9);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void timedLookupReturnsWhenTheTransformArrivesAndFailsAfterTheTimeout() throws Exception {
    TransformBuffer b = new TransformBuffer();
    // a zero timeout tries once
    assertThrows(TransformException.UnknownFrame.class, () -> b.lookup("base_link", "lidar", 5 * S, Duration.ZERO));
    // the timeout passes with no insert: the last attempt's reason is thrown
    TransformException.UnknownFrame e = assertThrows(TransformException.UnknownFrame.class,
        () -> b.lookup("base_link", "lidar", 5 * S, Duration.ofMillis(20)));
    assertEquals("base_link", e.frame());
    // a late transform: the waiting lookup is woken by each insert, and returns once it can be answered
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<RigidTransform> late = pool.submit(() -> b.lookup("odom", "lidar", 5 * S, Duration.ofSeconds(60)));
      awaitWaiting(b, late);
      b.addStatic(new StampedTransform("base_link", "lidar", 0, RigidTransform.of(0, 0, 1.8, Quaternion.IDENTITY)));
      awaitWaiting(b, late); // lidar is known now, odom not yet: it waits again
      b.add(new StampedTransform("odom", "base_link", 4 * S, yaw(4, 0, 0)));
      awaitWaiting(b, late); // the data ends before 5 s: still waiting
      b.add(new StampedTransform("odom", "base_link", 6 * S, yaw(6, 0, 0)));
      assertClose(new Vector3(5, 0, 1.8), late.get(60, TimeUnit.SECONDS).apply(Vector3.ZERO));
      assertEquals(0, b.waitingLookups());
      // an interrupted wait ends with InterruptedException
      Future<RigidTransform> never = pool.submit(() -> b.lookup("map", "lidar", 5 * S, Duration.ofSeconds(60)));
      awaitWaiting(b, never);
      never.cancel(true);
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (b.waitingLookups() > 0 && System.nanoTime() < deadline) Thread.onSpinWait();
      assertEquals(0, b.waitingLookups());
    } finally {
      pool.shutdownNow();
    }
  }

  /** Until a lookup waits (or LOOKUP ended), at most a minute; nothing is slept. */
  private static void awaitWaiting(TransformBuffer b, Future<?> lookup) {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (b.waitingLookups() == 0 && !lookup.isDone() && System.nanoTime() < deadline) Thread.onSpinWait();
    assertEquals(1, b.waitingLookups(), "the lookup waits");
  }
}
