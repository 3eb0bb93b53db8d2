package dev.clip2scene.model.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each loss on inputs small enough to work out by hand; the expected numbers come from the formulas in the comments. */
class LossValuesTest {
  private static final int X = PseudoLabels.IGNORE;
  private NDManager m;

  @BeforeEach
  void open() {
    m = NDManager.newBaseManager();
  }

  @AfterEach
  void close() {
    m.close();
  }

  private NDArray rows(double[][] v) {
    double[] flat = new double[v.length * v[0].length];
    for (int i = 0; i < v.length; i++) System.arraycopy(v[i], 0, flat, i * v[0].length, v[0].length);
    return m.create(flat, new Shape(v.length, v[0].length));
  }

  private final double[][] text = {{1, 0}, {0, 1}};

  @Test
  void contrastiveMatchesEquationOne() {
    NDArray p = rows(new double[][] {{1, 0}, {0, 1}, {1, 1}});
    // class 0: -log((e^2 + e^2) / e^0) = -(ln 2 + 2); class 1: -log(e^2 / (1 + e^2)); tau = 0.5; mean of the two
    double v = new ContrastiveConsistency(0.5).loss(p, rows(text), new int[] {0, 1, 0}).getDouble();
    assertEquals(-1.2831095847584866, v, 1e-12);
  }

  @Test
  void contrastiveSkipsClassesWithoutNegativesAndIgnoredPoints() {
    NDArray p = rows(new double[][] {{1, 0}, {0, 1}, {5, 5}});
    // only class 0 is labelled: no denominator anywhere -> 0; the ignored point never counts
    assertEquals(0.0, new ContrastiveConsistency(0.5).loss(p, rows(text), new int[] {0, X, 0}).getDouble(), 0);
    double withIgnored = new ContrastiveConsistency(0.5).loss(p, rows(text), new int[] {0, 1, X}).getDouble();
    // class 0: -log(e^2 / e^0) = -2; class 1: -log(e^2 / e^0) = -2
    assertEquals(-2.0, withIgnored, 1e-12);
  }

  @Test
  void crossEntropyMatchesReference() {
    NDArray p = rows(new double[][] {{1, 0}, {0, 1}, {1, 1}});
    // logits (1,0), (0,1), (1,1): -log softmax = ln(1+e)-1 twice and ln 2 once, averaged
    double v = new CrossEntropyConsistency().loss(p, rows(text), new int[] {0, 1, 0}).getDouble();
    assertEquals(0.439890185198797, v, 1e-12);
    double ignored = new CrossEntropyConsistency().loss(p, rows(text), new int[] {0, 1, X}).getDouble();
    assertEquals(Math.log(1 + Math.E) - 1, ignored, 1e-12);
  }

  @Test
  void spatialTemporalReferenceFusesPointFeatures() {
    NDArray p = rows(new double[][] {{1, 0}, {0, 1}});
    float[] xyz = {0.01f, 0.01f, 0.01f, 0.02f, 0.03f, 0.04f}; // one 0.1 m cell
    // cell label 0 (the only labelled point); weights softmax(1, 0); f = (e, 1)/(1+e); loss = mean(1 - sigmoid(p.f))
    double v = SpatialTemporalConsistency.reference().loss(p, xyz, new int[] {0, X}, rows(text), null).getDouble();
    assertEquals(0.3790647328012909, v, 1e-7);
  }

  @Test
  void spatialTemporalPaperAlsoFusesPairedPixels() {
    NDArray p = rows(new double[][] {{1, 0}, {0, 1}});
    NDArray pixels = rows(new double[][] {{0, 1}, {9, 9}}); // the second point is unpaired: its pixel row is unused
    float[] xyz = {0.01f, 0.01f, 0.01f, 0.02f, 0.03f, 0.04f};
    var loss = new SpatialTemporalConsistency(SpatialTemporalConsistency.Variant.PAPER, 0.1, 8);
    // members p0, p1, x0 with similarities (1, 0, 0): f = (e, 2)/(e+2)
    double v = loss.loss(p, xyz, new int[] {0, X}, rows(text), pixels).getDouble();
    assertEquals(0.3777072580930234, v, 1e-7);
    assertThrows(IllegalArgumentException.class, () -> loss.loss(p, xyz, new int[] {0, X}, rows(text), null));
  }

  @Test
  void spatialTemporalCellsSeparateDistantPointsAndCapMembers() {
    NDArray p = rows(new double[][] {{1, 0}, {0, 1}});
    float[] apart = {0.01f, 0.01f, 0.01f, 5f, 5f, 5f};
    // each point alone in its cell: f = p itself for the labelled one; the other cell has no label and is skipped
    double v = SpatialTemporalConsistency.reference().loss(p, apart, new int[] {0, X}, rows(text), null).getDouble();
    assertEquals(1 - 1 / (1 + Math.exp(-1)), v, 1e-7);

    float[] many = new float[3 * 20];
    GridCells cells = GridCells.of(many, 0.1, 8);
    assertEquals(1, cells.cellCount());
    assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7}, cells.members());
  }

  @Test
  void cosineConsistencyIsOneMinusCosineOverPairedPoints() {
    NDArray p = rows(new double[][] {{1, 0}, {3, 4}, {1, 1}});
    NDArray x = rows(new double[][] {{0, 2}, {3, 4}, {-1, 0}});
    // pairs 0 and 1: 1 - 0 and 1 - 1; point 2 unpaired
    assertEquals(0.5, new FeatureCosineConsistency().loss(p, x, new int[] {0, 1, X}).getDouble(), 1e-12);
  }

  @Test
  void selfTrainingSwitchesOnlyAfterItsStartEpoch() {
    int[] pixel = new int[1000];
    int[] predicted = new int[1000];
    java.util.Arrays.fill(predicted, 7);
    pixel[3] = X;
    var perPoint = new SelfTraining(10, 0.5, SelfTraining.Granularity.POINT);
    assertArrayEquals(pixel, perPoint.targets(9, pixel, predicted, new Random(1)));
    int[] t = perPoint.targets(10, pixel, predicted, new Random(1));
    long switched = java.util.Arrays.stream(t).filter(v -> v == 7).count();
    assertEquals(500, switched, 60, "about half the points switch");
    assertEquals(X, t[3], "unpaired points stay ignored");

    var perBatch = new SelfTraining(0, 0.5, SelfTraining.Granularity.BATCH);
    Random r = new Random(3);
    for (int trial = 0; trial < 20; trial++) {
      long s = java.util.Arrays.stream(perBatch.targets(0, pixel, predicted, r)).filter(v -> v == 7).count();
      assertEquals(true, s == 0 || s == 999, "a batch switches whole or not at all");
    }
  }

  @Test
  void badLabelsAreNamed() {
    NDArray p = rows(new double[][] {{1, 0}});
    var e = assertThrows(IllegalArgumentException.class,
        () -> new CrossEntropyConsistency().loss(p, rows(text), new int[] {5}));
    assertEquals("point 0: label 5 outside [0, 2)", e.getMessage());
  }
}
