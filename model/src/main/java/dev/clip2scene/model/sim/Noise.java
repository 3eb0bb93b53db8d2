package dev.clip2scene.model.sim;

/**
 * Deterministic hash noise: pure functions of their arguments, so textures and sensor noise are identical in every
 * run and on every thread, whatever the order pixels are computed in.
 */
public final class Noise {
  private Noise() {}

  /** SplitMix64's finaliser: a well-mixed 64-bit hash of X. */
  public static long mix(long x) {
    x = (x ^ (x >>> 30)) * 0xbf58476d1ce4e5b9L;
    x = (x ^ (x >>> 27)) * 0x94d049bb133111ebL;
    return x ^ (x >>> 31);
  }

  public static long hash(long a, long b) {
    return mix(a * 0x9e3779b97f4a7c15L + mix(b));
  }

  public static long hash(long a, long b, long c) {
    return hash(hash(a, b), c);
  }

  /** A uniform double in [0, 1) from a hash. */
  public static double unit(long h) {
    return (h >>> 11) * 0x1.0p-53;
  }

  /** Smooth value noise in [0, 1) on a unit lattice: bilinear with a smoothstep between hashed lattice values. */
  public static double value(double x, double y, long seed) {
    double fx = Math.floor(x), fy = Math.floor(y);
    long ix = (long) fx, iy = (long) fy;
    double tx = x - fx, ty = y - fy;
    tx = tx * tx * (3 - 2 * tx);
    ty = ty * ty * (3 - 2 * ty);
    double a = unit(hash(seed, ix, iy)), b = unit(hash(seed, ix + 1, iy));
    double c = unit(hash(seed, ix, iy + 1)), d = unit(hash(seed, ix + 1, iy + 1));
    double top = a + (b - a) * tx, bottom = c + (d - c) * tx;
    return top + (bottom - top) * ty;
  }

  /** Two octaves of value noise, in [0, 1). */
  public static double fractal(double x, double y, long seed) {
    return (2 * value(x, y, seed) + value(2.03 * x + 17.1, 2.03 * y - 9.7, seed + 1)) / 3;
  }
}
