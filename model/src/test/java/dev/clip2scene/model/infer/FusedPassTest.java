package dev.clip2scene.model.infer;

import static dev.clip2scene.model.sparse.RandomVoxels.relativeError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clip2scene.model.sparse.KernelMap;
import dev.clip2scene.model.sparse.RandomVoxels;
import dev.clip2scene.model.sparse.SparseGeometry;
import dev.clip2scene.model.sparse.SparseRows;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The CPU engine's row operations against float64 loops, and its results independent of the thread count. */
class FusedPassTest {
  private static final double TOLERANCE = 1e-5;
  private static final CpuEngine ONE = new CpuEngine(1);
  private static final CpuEngine THREE = new CpuEngine(3);
  private final SparseGeometry geometry = new SparseGeometry(RandomVoxels.cloud(2500, 7, 1, 11));

  @AfterAll
  static void stop() {
    ONE.close();
    THREE.close();
  }

  /** relu?(sum over pairs of x[in] W[k] + identity + bias + add), in float64. */
  private static double[] reference(KernelMap m, FoldedConv c, float[] x, float[] add) {
    int in = c.in();
    int out = c.out();
    double[] y = new double[m.outCount() * out];
    for (int o = 0; o < m.outCount(); o++) {
      for (int co = 0; co < out; co++) y[o * out + co] = c.bias()[co] + (add == null ? 0 : add[o * out + co]);
    }
    for (int k = 0; k < m.volume(); k++) {
      for (int p = m.offsetStart()[k]; p < m.offsetStart()[k + 1]; p++) accumulate(y, m.out()[p], x, m.in()[p], c, k);
    }
    if (m.center() >= 0) for (int i = 0; i < m.outCount(); i++) accumulate(y, i, x, i, c, m.center());
    if (c.relu()) for (int i = 0; i < y.length; i++) y[i] = Math.max(0, y[i]);
    return y;
  }

  private static void accumulate(double[] y, int o, float[] x, int i, FoldedConv c, int k) {
    for (int co = 0; co < c.out(); co++) {
      double s = 0;
      for (int ci = 0; ci < c.in(); ci++) s += (double) x[i * c.in() + ci] * c.weight()[(k * c.in() + ci) * c.out() + co];
      y[o * c.out() + co] += s;
    }
  }

  private static float[] random(int n, long seed) {
    Random r = new Random(seed);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) v[i] = r.nextFloat() * 2 - 1;
    return v;
  }

  private void check(String kind, Function<SparseGeometry, KernelMap> mapOf) {
    KernelMap map = mapOf.apply(geometry);
    assertTrue(map.pairs() > 0 || map.center() >= 0, kind + " has work");
    // channel counts below, at and between vector widths, so every tile shape and tail runs
    for (int[] io : List.of(new int[] {1, 32}, new int[] {5, 7}, new int[] {13, 40}, new int[] {32, 96}, new int[] {64, 17})) {
      for (boolean withAdd : new boolean[] {false, true}) {
        int in = io[0];
        int out = io[1];
        FoldedConv c = new FoldedConv(map.volume(), in, out, random(map.volume() * in * out, 3), random(out, 4), withAdd);
        FeatureRows x = new FeatureRows(random(map.inCount() * in, 5), map.inCount(), in);
        FeatureRows add = withAdd ? new FeatureRows(random(map.outCount() * out, 6), map.outCount(), out) : null;
        FeatureRows one = new FusedPass(ONE, geometry).conv(c, x, map, add);
        FeatureRows three = new FusedPass(THREE, geometry).conv(c, x, map, add);
        double[] expected = reference(map, c, x.values(), add == null ? null : add.values());
        double err = relativeError(RandomVoxels.toDoubles(one.values()), expected);
        String name = kind + " " + in + "->" + out + (withAdd ? " +add relu" : "");
        assertTrue(err <= TOLERANCE, name + " relative error " + err);
        assertArrayEquals(one.values(), three.values(), name + ": 1 and 3 threads differ");
      }
    }
  }

  @Test
  void submanifoldMatchesLoop() {
    check("sub3", g -> g.submanifold(0, 3));
    check("sub3-level2", g -> g.submanifold(2, 3));
    check("sub5", g -> g.submanifold(0, 5));
  }

  @Test
  void stridedAndTransposedMatchLoop() {
    check("down", g -> g.down(0));
    check("up", g -> g.up(1));
  }

  @Test
  void pointwiseMatchesLoop() {
    check("1x1", g -> g.pointwise(1));
  }

  @Test
  void sparseProductGatherConcatAndAddMatchLoops() {
    SparseRows m = geometry.interpolation(1, false);
    int cols = 19;
    FeatureRows x = new FeatureRows(random(m.cols() * cols, 7), m.cols(), cols);
    FusedPass pass = new FusedPass(THREE, geometry);
    FeatureRows y = pass.multiply(m, x);
    double[] expected = new double[m.rows() * cols];
    for (int e = 0; e < m.nonZeros(); e++) {
      for (int c = 0; c < cols; c++) expected[m.row()[e] * cols + c] += (double) m.value()[e] * x.values()[m.col()[e] * cols + c];
    }
    assertTrue(relativeError(RandomVoxels.toDoubles(y.values()), expected) <= TOLERANCE);

    int[] index = {4, 0, 4, 2};
    FeatureRows g = pass.gather(x, index);
    for (int r = 0; r < index.length; r++) {
      for (int c = 0; c < cols; c++) assertTrue(g.values()[r * cols + c] == x.values()[index[r] * cols + c]);
    }
    FeatureRows a = new FeatureRows(random(6, 8), 3, 2);
    FeatureRows b = new FeatureRows(random(3, 9), 3, 1);
    FeatureRows ab = pass.concat(a, b);
    assertArrayEquals(new float[] {a.values()[0], a.values()[1], b.values()[0], a.values()[2], a.values()[3], b.values()[1],
        a.values()[4], a.values()[5], b.values()[2]}, ab.values());
    FeatureRows sum = pass.add(a, a);
    for (int i = 0; i < 6; i++) assertTrue(sum.values()[i] == 2 * a.values()[i]);
  }

  @Test
  void badShapesAndMapsAreRefusedWithWhatWasWrong() {
    KernelMap map = geometry.submanifold(0, 3);
    FoldedConv c = new FoldedConv(27, 4, 8, new float[27 * 4 * 8], new float[8], false);
    FeatureRows wrong = FeatureRows.zeros(map.inCount(), 5);
    var e = assertThrows(IllegalArgumentException.class, () -> new FusedPass(ONE, geometry).conv(c, wrong, map, null));
    assertTrue(e.getMessage().contains("convolution input is " + map.inCount() + " x 5"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new FusedPass(ONE, geometry).conv(c, FeatureRows.zeros(map.inCount(), 4), geometry.down(0), null));
    KernelMap twice = new KernelMap(2, -1, new int[] {0, 2, 2}, new int[] {0, 1}, new int[] {0, 0}, 2, 1, false);
    FoldedConv c2 = new FoldedConv(2, 1, 1, new float[2], new float[1], false);
    var dup = assertThrows(IllegalArgumentException.class, () -> new FusedPass(ONE, geometry).conv(c2, FeatureRows.zeros(2, 1), twice, null));
    assertTrue(dup.getMessage().contains("offset 0 sends two inputs to output 0"), dup.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new FeatureRows(new float[5], 2, 3));
  }
}
