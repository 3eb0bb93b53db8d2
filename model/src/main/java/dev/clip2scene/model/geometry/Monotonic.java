package dev.clip2scene.model.geometry;

import java.util.function.DoubleUnaryOperator;

/** Where a distortion curve stops growing: beyond that radius projection is no longer one-to-one. */
final class Monotonic {
  private static final int STEPS = 20_000;

  private Monotonic() {}

  /** The first argument in (0, LIMIT] after which F (increasing from 0) stops increasing; +infinity if it never does. */
  static double upTo(DoubleUnaryOperator f, double limit) {
    double h = limit / STEPS;
    double prev = f.applyAsDouble(0);
    for (int i = 1; i <= STEPS; i++) {
      double v = f.applyAsDouble(i * h);
      if (!(v > prev)) return (i - 1) * h;
      prev = v;
    }
    return Double.POSITIVE_INFINITY;
  }
}
