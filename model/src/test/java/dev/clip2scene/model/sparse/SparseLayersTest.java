package dev.clip2scene.model.sparse;

import static dev.clip2scene.model.sparse.RandomVoxels.relativeError;
import static dev.clip2scene.model.sparse.RandomVoxels.toDoubles;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.clip2scene.model.voxel.CoordKeys;
import dev.clip2scene.model.voxel.VoxelizedBatch;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Every layer kind against a plain Java loop on random inputs (float32 on the engine, float64 reference). */
class SparseLayersTest {
  private static final double TOLERANCE = 1e-5;
  private final VoxelizedBatch batch = RandomVoxels.cloud(2500, 7, 1, 11);
  private final SparseGeometry geometry = new SparseGeometry(batch);

  /** Reference convolution: out[o] += x[i] W[k] for every pair, plus the identity offset. */
  private static double[] referenceConv(KernelMap m, double[] x, double[] w, int in, int out) {
    double[] y = new double[m.outCount() * out];
    for (int k = 0; k < m.volume(); k++) {
      for (int p = m.offsetStart()[k]; p < m.offsetStart()[k + 1]; p++) accumulate(y, m.out()[p], x, m.in()[p], w, k, in, out);
    }
    if (m.center() >= 0) {
      for (int i = 0; i < m.outCount(); i++) accumulate(y, i, x, i, w, m.center(), in, out);
    }
    return y;
  }

  private static void accumulate(double[] y, int o, double[] x, int i, double[] w, int k, int in, int out) {
    for (int co = 0; co < out; co++) {
      double s = 0;
      for (int ci = 0; ci < in; ci++) s += x[i * in + ci] * w[(k * in + ci) * out + co];
      y[o * out + co] += s;
    }
  }

  private void checkConv(String kind, int volume, int level, Function<SparseGeometry, KernelMap> mapOf) {
    int in = 5;
    int out = 7;
    try (NDManager base = NDManager.newBaseManager(); Weights w = new Weights(base, DataType.FLOAT32, 3)) {
      SparseConv conv = new SparseConv(w, kind, volume, in, out);
      KernelMap map = mapOf.apply(geometry);
      double[] x = RandomVoxels.uniform(map.inCount() * in, 5);
      ForwardContext ctx = new ForwardContext(base, false, geometry, DataType.FLOAT32, 1);
      NDArray input = base.create(x, new Shape(map.inCount(), in)).toType(DataType.FLOAT32, false);
      double[] actual = toDoubles(conv.forward(ctx, input, map).toFloatArray());
      double[] xf = toDoubles(input.toFloatArray()); // the float32-rounded inputs the engine saw
      double[] expected = referenceConv(map, xf, toDoubles(conv.weight().toFloatArray()), in, out);
      double err = relativeError(actual, expected);
      assertTrue(err <= TOLERANCE, kind + " relative error " + err);
      assertTrue(map.pairs() > 0 || map.center() >= 0, kind + " has work");
    }
  }

  @Test
  void submanifold3x3x3MatchesLoop() {
    checkConv("sub3", 27, 0, g -> g.submanifold(0, 3));
    checkConv("sub3-level2", 27, 2, g -> g.submanifold(2, 3));
  }

  @Test
  void submanifold5x5x5MatchesLoop() {
    checkConv("sub5", 125, 0, g -> g.submanifold(0, 5));
  }

  @Test
  void stridedDownMatchesLoop() {
    checkConv("down", 8, 0, g -> g.down(0));
  }

  @Test
  void transposedUpMatchesLoop() {
    checkConv("up", 8, 1, g -> g.up(1));
  }

  @Test
  void pointwiseMatchesLoop() {
    checkConv("pointwise", 1, 0, g -> g.pointwise(0));
  }

  @Test
  void batchNormMatchesLoopInTrainingAndEval() {
    int n = 300;
    int c = 6;
    try (NDManager base = NDManager.newBaseManager(); Weights w = new Weights(base, DataType.FLOAT32, 3)) {
      BatchNorm bn = new BatchNorm(w, "bn", c);
      NDArray gamma = w.parameters().get("bn.weight");
      NDArray beta = w.parameters().get("bn.bias");
      gamma.set(base.create(RandomVoxels.uniform(c, 8)).toType(DataType.FLOAT32, false).toFloatArray());
      beta.set(base.create(RandomVoxels.uniform(c, 9)).toType(DataType.FLOAT32, false).toFloatArray());
      double[] x = RandomVoxels.uniform(n * c, 10);
      for (int i = 0; i < x.length; i++) x[i] = x[i] * 3 + 1;
      NDArray input = base.create(x, new Shape(n, c)).toType(DataType.FLOAT32, false);
      double[] xf = toDoubles(input.toFloatArray());
      double[] g = toDoubles(gamma.toFloatArray());
      double[] b = toDoubles(beta.toFloatArray());
      ForwardContext train = new ForwardContext(base, true, geometry, DataType.FLOAT32, 1);
      double[] actual = toDoubles(bn.forward(train, input).toFloatArray());
      double[] expected = new double[n * c];
      double[] runMean = new double[c];
      double[] runVar = new double[c];
      for (int ch = 0; ch < c; ch++) {
        double mean = 0, var = 0;
        for (int i = 0; i < n; i++) mean += xf[i * c + ch];
        mean /= n;
        for (int i = 0; i < n; i++) var += (xf[i * c + ch] - mean) * (xf[i * c + ch] - mean);
        for (int i = 0; i < n; i++) expected[i * c + ch] = (xf[i * c + ch] - mean) / Math.sqrt(var / n + 1e-5) * g[ch] + b[ch];
        runMean[ch] = 0.1 * mean;
        runVar[ch] = 0.9 + 0.1 * var / (n - 1); // unbiased variance in the running average, as PyTorch
      }
      assertTrue(relativeError(actual, expected) <= TOLERANCE, "train " + relativeError(actual, expected));
      double[] gotMean = toDoubles(w.buffers().get("bn.running_mean").toFloatArray());
      assertTrue(relativeError(gotMean, runMean) <= TOLERANCE, java.util.Arrays.toString(gotMean) + " vs " + java.util.Arrays.toString(runMean));
      assertTrue(relativeError(toDoubles(w.buffers().get("bn.running_var").toFloatArray()), runVar) <= TOLERANCE);
      ForwardContext eval = new ForwardContext(base, false, geometry, DataType.FLOAT32, 1);
      double[] evalOut = toDoubles(bn.forward(eval, input).toFloatArray());
      double[] evalExpected = new double[n * c];
      for (int i = 0; i < n; i++) {
        for (int ch = 0; ch < c; ch++) {
          evalExpected[i * c + ch] = (xf[i * c + ch] - runMean[ch]) / Math.sqrt(runVar[ch] + 1e-5) * g[ch] + b[ch];
        }
      }
      assertTrue(relativeError(evalOut, evalExpected) <= TOLERANCE, "eval " + relativeError(evalOut, evalExpected));
    }
  }

  @Test
  void trilinearInterpolationMatchesLoopOverCorners() {
    int c = 3;
    for (int level : new int[] {0, 2}) {
      long[] keys = geometry.keys(level);
      double[] v = RandomVoxels.uniform(keys.length * c, 12);
      double[] expected = new double[batch.pointCount() * c];
      double s = 1 << level;
      for (int p = 0; p < batch.pointCount(); p++) {
        double[] pos = {batch.pointPosition()[3 * p] / s, batch.pointPosition()[3 * p + 1] / s, batch.pointPosition()[3 * p + 2] / s};
        double[] f = new double[c];
        double total = 0;
        for (int j = 0; j < keys.length; j++) { // brute force: every voxel whose corner cell holds the point
          double wx = 1 - Math.abs(pos[0] - Math.floor(pos[0]) - (CoordKeys.x(keys[j]) - Math.floor(pos[0])));
          double wy = 1 - Math.abs(pos[1] - Math.floor(pos[1]) - (CoordKeys.y(keys[j]) - Math.floor(pos[1])));
          double wz = 1 - Math.abs(pos[2] - Math.floor(pos[2]) - (CoordKeys.z(keys[j]) - Math.floor(pos[2])));
          int ox = CoordKeys.x(keys[j]) - (int) Math.floor(pos[0]);
          int oy = CoordKeys.y(keys[j]) - (int) Math.floor(pos[1]);
          int oz = CoordKeys.z(keys[j]) - (int) Math.floor(pos[2]);
          if (ox < 0 || ox > 1 || oy < 0 || oy > 1 || oz < 0 || oz > 1) continue;
          double wt = wx * wy * wz;
          total += wt;
          for (int k = 0; k < c; k++) f[k] += wt * v[j * c + k];
        }
        for (int k = 0; k < c; k++) expected[p * c + k] = f[k] / total;
      }
      try (NDManager m = NDManager.newBaseManager()) {
        ForwardContext ctx = new ForwardContext(m, false, geometry, DataType.FLOAT64, 1);
        double[] actual = ctx.device(geometry.interpolation(level, false)).matMul(m.create(v, new Shape(keys.length, c))).toDoubleArray();
        assertTrue(relativeError(actual, expected) <= TOLERANCE, "level " + level + ": " + relativeError(actual, expected));
      }
    }
  }

  @Test
  void pointAveragingMatchesLoop() {
    int c = 2;
    int level = 1;
    double[] z = RandomVoxels.uniform(batch.pointCount() * c, 13);
    int[] pv = geometry.pointVoxel(level);
    double[] sum = new double[geometry.voxelCount(level) * c];
    int[] count = new int[geometry.voxelCount(level)];
    for (int p = 0; p < pv.length; p++) {
      count[pv[p]]++;
      for (int k = 0; k < c; k++) sum[pv[p] * c + k] += z[p * c + k];
    }
    for (int v = 0; v < count.length; v++) for (int k = 0; k < c; k++) sum[v * c + k] /= count[v];
    try (NDManager m = NDManager.newBaseManager()) {
      ForwardContext ctx = new ForwardContext(m, false, geometry, DataType.FLOAT64, 1);
      double[] actual = ctx.device(geometry.average(level)).matMul(m.create(z, new Shape(pv.length, c))).toDoubleArray();
      assertTrue(relativeError(actual, sum) <= TOLERANCE);
      assertArrayEquals(new long[] {geometry.voxelCount(level), c}, new long[] {actual.length / c, c});
    }
  }
}
