package dev.clip2scene.model.infer;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The inner loop of a sparse convolution: for pairs p in [s, e), y[out[p]] += x[in[p]] W, with x rows of cin,
 * y rows of cout and W (cin x cout) at w[wOffset..]. Gather, product and scatter-add happen in registers: four
 * pairs by two vectors of outputs per tile, so each weight load serves four rows and each input value is
 * broadcast once per tile. Callers guarantee out[] is distinct within [s, e) or serialise calls that share rows.
 */
final class RowKernel {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  /** 8 lanes for the last columns of a row when the preferred vector is wider (AVX-512: 16 lanes). */
  private static final VectorSpecies<Float> HALF = L > 8 ? FloatVector.SPECIES_256 : FloatVector.SPECIES_128;

  private static volatile boolean warm;

  private RowKernel() {}

  /**
   * Runs every path of the kernel on small rows until the JIT has compiled it (about a second of CPU once per JVM),
   * so that the first real cloud does not run interpreted vector code, which is a hundred times slower.
   */
  static synchronized void warmUp() {
    if (warm) return;
    int n = 63;
    int[] rows = new int[n];
    for (int i = 0; i < n; i++) rows[i] = i;
    for (int cout : new int[] {32, 16, 8, 3 * L + 12}) { // every band alone, then all of them in one row
      float[] x = new float[n * 16];
      float[] w = new float[16 * cout];
      float[] y = new float[n * cout];
      for (int it = 0; it < 2000; it++) {
        accumulate(x, 16, w, 0, cout, y, rows, rows, 0, n);
        relu(y, 0, y.length - 1);
      }
    }
    warm = true;
  }

  /**
   * One method per column band (pairs of full vectors, one full vector, one half-width vector, scalars), each a
   * single loop nest. With all bands in one method, the JIT kept some accumulators as heap objects: about one
   * allocation per output vector per pair, gigabytes per second in the node, and young-GC pauses with them.
   */
  static void accumulate(float[] x, int cin, float[] w, int wOffset, int cout, float[] y, int[] in, int[] out, int s, int e) {
    int wide = cout - cout % (2 * L);
    int one = cout - wide >= L ? wide + L : wide;
    int half = cout - one >= HALF.length() ? one + HALF.length() : one;
    int singles = s + (e - s) / 4 * 4; // the pairs left over after the last full quad
    if (wide > 0) {
      wideQuads(x, cin, w, wOffset, cout, y, in, out, s, e, wide);
      wideRows(x, cin, w, wOffset, cout, y, in, out, singles, e, wide);
    }
    if (one > wide) {
      oneQuads(x, cin, w, wOffset, cout, y, in, out, s, e, wide);
      oneRows(x, cin, w, wOffset, cout, y, in, out, singles, e, wide);
    }
    if (half > one) {
      halfQuads(x, cin, w, wOffset, cout, y, in, out, s, e, one);
      halfRows(x, cin, w, wOffset, cout, y, in, out, singles, e, one);
    }
    if (half < cout) scalarRows(x, cin, w, wOffset, cout, y, in, out, s, e, half);
  }

  /** Columns [0, end) in blocks of two vectors, pairs four at a time. */
  private static void wideQuads(float[] x, int cin, float[] w, int wOffset, int cout, float[] y, int[] in, int[] out,
      int s, int e, int end) {
    for (int p = s; p + 4 <= e; p += 4) {
      int x0 = in[p] * cin, x1 = in[p + 1] * cin, x2 = in[p + 2] * cin, x3 = in[p + 3] * cin;
      int y0 = out[p] * cout, y1 = out[p + 1] * cout, y2 = out[p + 2] * cout, y3 = out[p + 3] * cout;
      for (int c = 0; c < end; c += 2 * L) {
        FloatVector a00 = FloatVector.zero(S), a01 = a00, a10 = a00, a11 = a00, a20 = a00, a21 = a00, a30 = a00, a31 = a00;
        for (int k = 0, wk = wOffset + c; k < cin; k++, wk += cout) {
          FloatVector w0 = FloatVector.fromArray(S, w, wk);
          FloatVector w1 = FloatVector.fromArray(S, w, wk + L);
          FloatVector b = FloatVector.broadcast(S, x[x0 + k]);
          a00 = b.fma(w0, a00);
          a01 = b.fma(w1, a01);
          b = FloatVector.broadcast(S, x[x1 + k]);
          a10 = b.fma(w0, a10);
          a11 = b.fma(w1, a11);
          b = FloatVector.broadcast(S, x[x2 + k]);
          a20 = b.fma(w0, a20);
          a21 = b.fma(w1, a21);
          b = FloatVector.broadcast(S, x[x3 + k]);
          a30 = b.fma(w0, a30);
          a31 = b.fma(w1, a31);
        }
        add(a00, y, y0 + c);
        add(a01, y, y0 + c + L);
        add(a10, y, y1 + c);
        add(a11, y, y1 + c + L);
        add(a20, y, y2 + c);
        add(a21, y, y2 + c + L);
        add(a30, y, y3 + c);
        add(a31, y, y3 + c + L);
      }
    }
  }

  /** Columns [0, end) in blocks of two vectors, one pair at a time (two sums, so FMA latency overlaps). */
  private static void wideRows(float[] x, int cin, float[] w, int wOffset, int cout, float[] y, int[] in, int[] out,
      int s, int e, int end) {
    for (int p = s; p < e; p++) {
      int x0 = in[p] * cin, y0 = out[p] * cout;
      for (int c = 0; c < end; c += 2 * L) {
        FloatVector a0 = FloatVector.zero(S), a1 = a0;
        for (int k = 0, wk = wOffset + c; k < cin; k++, wk += cout) {
          FloatVector b = FloatVector.broadcast(S, x[x0 + k]);
          a0 = b.fma(FloatVector.fromArray(S, w, wk), a0);
          a1 = b.fma(FloatVector.fromArray(S, w, wk + L), a1);
        }
        add(a0, y, y0 + c);
        add(a1, y, y0 + c + L);
      }
    }
  }

  /** The one full vector of columns at C, pairs four at a time. */
  private static void oneQuads(float[] x, int cin, float[] w, int wOffset, int cout, float[] y, int[] in, int[] out,
      int s, int e, int c) {
    for (int p = s; p + 4 <= e; p += 4) {
      int x0 = in[p] * cin, x1 = in[p + 1] * cin, x2 = in[p + 2] * cin, x3 = in[p + 3] * cin;
      FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
      for (int k = 0, wk = wOffset + c; k < cin; k++, wk += cout) {
        FloatVector w0 = FloatVector.fromArray(S, w, wk);
        a0 = FloatVector.broadcast(S, x[x0 + k]).fma(w0, a0);
        a1 = FloatVector.broadcast(S, x[x1 + k]).fma(w0, a1);
        a2 = FloatVector.broadcast(S, x[x2 + k]).fma(w0, a2);
        a3 = FloatVector.broadcast(S, x[x3 + k]).fma(w0, a3);
      }
      add(a0, y, out[p] * cout + c);
      add(a1, y, out[p + 1] * cout + c);
      add(a2, y, out[p + 2] * cout + c);
      add(a3, y, out[p + 3] * cout + c);
    }
  }

  /** The one full vector of columns at C, one pair at a time. */
  private static void oneRows(float[] x, int cin, float[] w, int wOffset, int cout, float[] y, int[] in, int[] out,
      int s, int e, int c) {
    for (int p = s; p < e; p++) {
      int x0 = in[p] * cin;
      FloatVector a = FloatVector.zero(S);
      for (int k = 0, wk = wOffset + c; k < cin; k++, wk += cout) {
        a = FloatVector.broadcast(S, x[x0 + k]).fma(FloatVector.fromArray(S, w, wk), a);
      }
      add(a, y, out[p] * cout + c);
    }
  }

  /**
   * The half-width vector of columns at C (masked operations run a hundred times slower), pairs four at a time.
   * oneQuads with the other species: a species passed as an argument would not be a constant to the JIT.
   */
  private static void halfQuads(float[] x, int cin, float[] w, int wOffset, int cout, float[] y, int[] in, int[] out,
      int s, int e, int c) {
    for (int p = s; p + 4 <= e; p += 4) {
      int x0 = in[p] * cin, x1 = in[p + 1] * cin, x2 = in[p + 2] * cin, x3 = in[p + 3] * cin;
      FloatVector a0 = FloatVector.zero(HALF), a1 = a0, a2 = a0, a3 = a0;
      for (int k = 0, wk = wOffset + c; k < cin; k++, wk += cout) {
        FloatVector w0 = FloatVector.fromArray(HALF, w, wk);
        a0 = FloatVector.broadcast(HALF, x[x0 + k]).fma(w0, a0);
        a1 = FloatVector.broadcast(HALF, x[x1 + k]).fma(w0, a1);
        a2 = FloatVector.broadcast(HALF, x[x2 + k]).fma(w0, a2);
        a3 = FloatVector.broadcast(HALF, x[x3 + k]).fma(w0, a3);
      }
      addHalf(a0, y, out[p] * cout + c);
      addHalf(a1, y, out[p + 1] * cout + c);
      addHalf(a2, y, out[p + 2] * cout + c);
      addHalf(a3, y, out[p + 3] * cout + c);
    }
  }

  /** The half-width vector of columns at C, one pair at a time. */
  private static void halfRows(float[] x, int cin, float[] w, int wOffset, int cout, float[] y, int[] in, int[] out,
      int s, int e, int c) {
    for (int p = s; p < e; p++) {
      int x0 = in[p] * cin;
      FloatVector a = FloatVector.zero(HALF);
      for (int k = 0, wk = wOffset + c; k < cin; k++, wk += cout) {
        a = FloatVector.broadcast(HALF, x[x0 + k]).fma(FloatVector.fromArray(HALF, w, wk), a);
      }
      addHalf(a, y, out[p] * cout + c);
    }
  }

  /** Columns [from, cout), fewer than a half-width vector, one scalar at a time. */
  private static void scalarRows(float[] x, int cin, float[] w, int wOffset, int cout, float[] y, int[] in, int[] out,
      int s, int e, int from) {
    for (int p = s; p < e; p++) {
      int x0 = in[p] * cin, y0 = out[p] * cout;
      for (int c = from; c < cout; c++) {
        float a = 0f;
        for (int k = 0, wk = wOffset + c; k < cin; k++, wk += cout) a = Math.fma(x[x0 + k], w[wk], a);
        y[y0 + c] += a;
      }
    }
  }

  /** y = max(y, 0) on [from, to); a branch per value would mispredict on half of them. */
  static void relu(float[] y, int from, int to) {
    int i = from;
    for (; i + L <= to; i += L) FloatVector.fromArray(S, y, i).max(0f).intoArray(y, i);
    for (; i < to; i++) y[i] = Math.max(y[i], 0f);
  }

  /**
   * y[at..] += a, through lanewise on the loaded vector: FloatVector.add dispatches inside the JDK on a call site
   * that every vector width shares, and once two widths ran through it the JIT boxed the sum on every call.
   */
  private static void add(FloatVector a, float[] y, int at) {
    FloatVector.fromArray(S, y, at).lanewise(VectorOperators.ADD, a).intoArray(y, at);
  }

  private static void addHalf(FloatVector a, float[] y, int at) {
    FloatVector.fromArray(HALF, y, at).lanewise(VectorOperators.ADD, a).intoArray(y, at);
  }

}
