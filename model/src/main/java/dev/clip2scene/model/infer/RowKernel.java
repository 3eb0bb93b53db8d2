package dev.clip2scene.model.infer;

import jdk.incubator.vector.FloatVector;
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
    for (int cout : new int[] {32, 44}) { // 44: the 8-lane and scalar tails too
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

  static void accumulate(float[] x, int cin, float[] w, int wOffset, int cout, float[] y, int[] in, int[] out, int s, int e) {
    int p = s;
    for (; p + 4 <= e; p += 4) {
      quad(x, cin, w, wOffset, cout, y, in[p] * cin, in[p + 1] * cin, in[p + 2] * cin, in[p + 3] * cin,
          out[p] * cout, out[p + 1] * cout, out[p + 2] * cout, out[p + 3] * cout);
    }
    for (; p < e; p++) single(x, cin, w, wOffset, cout, y, in[p] * cin, out[p] * cout);
  }

  private static void quad(float[] x, int cin, float[] w, int wOffset, int cout, float[] y,
      int x0, int x1, int x2, int x3, int y0, int y1, int y2, int y3) {
    int c = 0;
    for (; c + 2 * L <= cout; c += 2 * L) {
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
    for (; c + L <= cout; c += L) {
      FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
      for (int k = 0, wk = wOffset + c; k < cin; k++, wk += cout) {
        FloatVector w0 = FloatVector.fromArray(S, w, wk);
        a0 = FloatVector.broadcast(S, x[x0 + k]).fma(w0, a0);
        a1 = FloatVector.broadcast(S, x[x1 + k]).fma(w0, a1);
        a2 = FloatVector.broadcast(S, x[x2 + k]).fma(w0, a2);
        a3 = FloatVector.broadcast(S, x[x3 + k]).fma(w0, a3);
      }
      add(a0, y, y0 + c);
      add(a1, y, y1 + c);
      add(a2, y, y2 + c);
      add(a3, y, y3 + c);
    }
    if (c < cout) {
      narrow(x, cin, w, wOffset, cout, y, x0, y0, c);
      narrow(x, cin, w, wOffset, cout, y, x1, y1, c);
      narrow(x, cin, w, wOffset, cout, y, x2, y2, c);
      narrow(x, cin, w, wOffset, cout, y, x3, y3, c);
    }
  }

  private static void single(float[] x, int cin, float[] w, int wOffset, int cout, float[] y, int x0, int y0) {
    int c = 0;
    for (; c + 2 * L <= cout; c += 2 * L) { // two independent sums, so FMA latency overlaps
      FloatVector a0 = FloatVector.zero(S), a1 = a0;
      for (int k = 0, wk = wOffset + c; k < cin; k++, wk += cout) {
        FloatVector b = FloatVector.broadcast(S, x[x0 + k]);
        a0 = b.fma(FloatVector.fromArray(S, w, wk), a0);
        a1 = b.fma(FloatVector.fromArray(S, w, wk + L), a1);
      }
      add(a0, y, y0 + c);
      add(a1, y, y0 + c + L);
    }
    for (; c + L <= cout; c += L) {
      FloatVector a = FloatVector.zero(S);
      for (int k = 0, wk = wOffset + c; k < cin; k++, wk += cout) {
        a = FloatVector.broadcast(S, x[x0 + k]).fma(FloatVector.fromArray(S, w, wk), a);
      }
      add(a, y, y0 + c);
    }
    if (c < cout) narrow(x, cin, w, wOffset, cout, y, x0, y0, c);
  }

  /**
   * Columns c..cout-1 of one row (fewer than a full vector) with narrower vectors, then scalars: masked vector
   * operations are not compiled to mask instructions by this JDK and run a hundred times slower.
   */
  private static void narrow(float[] x, int cin, float[] w, int wOffset, int cout, float[] y, int x0, int y0, int c) {
    for (; c + HALF.length() <= cout; c += HALF.length()) {
      FloatVector a = FloatVector.zero(HALF);
      for (int k = 0, wk = wOffset + c; k < cin; k++, wk += cout) {
        a = FloatVector.broadcast(HALF, x[x0 + k]).fma(FloatVector.fromArray(HALF, w, wk), a);
      }
      a.add(FloatVector.fromArray(HALF, y, y0 + c)).intoArray(y, y0 + c);
    }
    for (; c < cout; c++) {
      float a = 0f;
      for (int k = 0, wk = wOffset + c; k < cin; k++, wk += cout) a = Math.fma(x[x0 + k], w[wk], a);
      y[y0 + c] += a;
    }
  }

  /** y = max(y, 0) on [from, to); a branch per value would mispredict on half of them. */
  static void relu(float[] y, int from, int to) {
    int i = from;
    for (; i + L <= to; i += L) FloatVector.fromArray(S, y, i).max(0f).intoArray(y, i);
    for (; i < to; i++) y[i] = Math.max(y[i], 0f);
  }

  private static void add(FloatVector a, float[] y, int at) {
    a.add(FloatVector.fromArray(S, y, at)).intoArray(y, at);
  }

}
