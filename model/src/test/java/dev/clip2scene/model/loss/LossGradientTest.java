package dev.clip2scene.model.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Losses on random inputs: values against a plain double-precision loop, gradients against central finite
 * differences, all in float64.
 */
class LossGradientTest {
  private static final int N = 24, D = 4, C = 3;
  private final Random random = new Random(42);
  private final double[] feats = gaussian(N * D);
  private final double[] text = gaussian(C * D);
  private final int[] labels = randomLabels();
  private final float[] xyz = clusteredPoints();

  @Test
  void contrastiveAgreesWithLoopAndFiniteDifferences() {
    check(p -> new ContrastiveConsistency(0.5).loss(p, t(p.getManager()), labels), contrastiveLoop(0.5));
  }

  @Test
  void crossEntropyAgreesWithLoopAndFiniteDifferences() {
    check(p -> new CrossEntropyConsistency().loss(p, t(p.getManager()), labels), crossEntropyLoop());
  }

  @Test
  void spatialTemporalAgreesWithFiniteDifferences() {
    check(p -> SpatialTemporalConsistency.reference().loss(p, xyz, labels, t(p.getManager()), null), Double.NaN);
    check(p -> new SpatialTemporalConsistency(SpatialTemporalConsistency.Variant.PAPER, 0.1, 8)
        .loss(p, xyz, labels, t(p.getManager()), p.getManager().create(gaussianFixed(), new Shape(N, D))), Double.NaN);
  }

  private NDArray t(NDManager m) {
    return m.create(text, new Shape(C, D));
  }

  /** Compares the loss at FEATS with EXPECTED (unless NaN) and its gradient with central differences. */
  private void check(Function<NDArray, NDArray> loss, double expected) {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray p = m.create(feats, new Shape(N, D));
      p.setRequiresGradient(true);
      double value;
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray l = loss.apply(p);
        value = l.getDouble();
        gc.backward(l);
      }
      double[] grad = p.getGradient().toDoubleArray();
      if (!Double.isNaN(expected)) assertEquals(expected, value, 1e-10);
      double h = 1e-6;
      for (int trial = 0; trial < 12; trial++) {
        int k = random.nextInt(N * D);
        double[] plus = feats.clone();
        double[] minus = feats.clone();
        plus[k] += h;
        minus[k] -= h;
        double fd = (eval(m, loss, plus) - eval(m, loss, minus)) / (2 * h);
        assertEquals(fd, grad[k], 1e-6 + 1e-5 * Math.abs(fd), "d loss / d p[" + k + "]");
      }
    }
  }

  private static double eval(NDManager m, Function<NDArray, NDArray> loss, double[] v) {
    try (NDManager sub = m.newSubManager()) {
      return loss.apply(sub.create(v, new Shape(N, D))).getDouble();
    }
  }

  private double contrastiveLoop(double tau) {
    double total = 0;
    int used = 0;
    for (int c = 0; c < C; c++) {
      double num = 0, den = 0;
      int pos = 0, neg = 0;
      for (int i = 0; i < N; i++) {
        if (labels[i] == PseudoLabels.IGNORE) continue;
        double e = Math.exp(dot(feats, i, text, c) / tau);
        if (labels[i] == c) {
          num += e;
          pos++;
        } else {
          den += e;
          neg++;
        }
      }
      if (pos == 0 || neg == 0) continue;
      total += -Math.log(num / den);
      used++;
    }
    return total / used;
  }

  private double crossEntropyLoop() {
    double total = 0;
    int n = 0;
    for (int i = 0; i < N; i++) {
      if (labels[i] == PseudoLabels.IGNORE) continue;
      double z = 0;
      for (int c = 0; c < C; c++) z += Math.exp(dot(feats, i, text, c));
      total += Math.log(z) - dot(feats, i, text, labels[i]);
      n++;
    }
    return total / n;
  }

  private static double dot(double[] a, int i, double[] b, int c) {
    double s = 0;
    for (int d = 0; d < D; d++) s += a[i * D + d] * b[c * D + d];
    return s;
  }

  private double[] gaussian(int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) v[i] = random.nextGaussian();
    return v;
  }

  private double[] gaussianFixed() {
    Random r = new Random(7);
    double[] v = new double[N * D];
    for (int i = 0; i < v.length; i++) v[i] = r.nextGaussian();
    return v;
  }

  private int[] randomLabels() {
    int[] y = new int[N];
    for (int i = 0; i < N; i++) y[i] = random.nextInt(4) == 0 ? PseudoLabels.IGNORE : random.nextInt(C);
    return y;
  }

  /** N points in a few 0.1 m cells, so cells hold several members. */
  private float[] clusteredPoints() {
    float[] v = new float[3 * N];
    for (int i = 0; i < N; i++) {
      int cell = i % 5;
      v[3 * i] = cell * 0.1f + 0.05f + 0.01f * random.nextFloat();
      v[3 * i + 1] = 0.05f + 0.01f * random.nextFloat();
      v[3 * i + 2] = 0.05f;
    }
    return v;
  }
}
