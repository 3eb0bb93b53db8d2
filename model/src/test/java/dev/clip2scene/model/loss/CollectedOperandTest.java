package dev.clip2scene.model.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.clip2scene.model.sparse.Scalars;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Every loss's gradient is the same whether or not the garbage collector ran between the forward pass and the
 * backward pass. (DJL's number operands live in Java buffers that the collector frees while the backward still
 * reads them; the losses use {@link Scalars} instead.)
 */
class CollectedOperandTest {
  private static final int N = 40, D = 6, C = 4;
  private final Random random = new Random(3);
  private final float[] feats = gaussian(N * D);
  private final float[] pixels = gaussian(N * D);
  private final float[] text = gaussian(C * D);
  private final int[] labels = labels(N);
  private final int[] unlabelled = new int[N];
  private final float[] xyz = new float[3 * N];

  CollectedOperandTest() {
    Arrays.fill(unlabelled, PseudoLabels.IGNORE);
    for (int i = 0; i < N; i++) {
      xyz[3 * i] = (i % 4) * 0.1f + 0.05f;
      xyz[3 * i + 1] = 0.05f;
      xyz[3 * i + 2] = 0.05f;
    }
  }

  @Test
  void semanticTerms() {
    same(p -> new CrossEntropyConsistency().loss(p, t(p), labels));
    same(p -> new ContrastiveConsistency(0.07).loss(p, t(p), labels));
    same(p -> new FeatureCosineConsistency().loss(p, px(p), labels));
  }

  @Test
  void spatialTemporalTerms() {
    same(p -> SpatialTemporalConsistency.reference().loss(p, xyz, labels, t(p), null));
    same(p -> new SpatialTemporalConsistency(SpatialTemporalConsistency.Variant.PAPER, 0.1, 8).loss(p, xyz, labels, t(p), px(p)));
  }

  @Test
  void lovasz() {
    same(p -> new LovaszSoftmax().loss(p.matMul(t(p).transpose()).softmax(1), labels));
  }

  @Test
  void zeroLossesWithoutLabels() {
    zero(p -> new CrossEntropyConsistency().loss(p, t(p), unlabelled));
    zero(p -> new ContrastiveConsistency(0.5).loss(p, t(p), unlabelled));
    zero(p -> new FeatureCosineConsistency().loss(p, px(p), unlabelled));
    zero(p -> SpatialTemporalConsistency.reference().loss(p, xyz, unlabelled, t(p), null));
    zero(p -> new LovaszSoftmax().loss(p.matMul(t(p).transpose()).softmax(1), unlabelled));
  }

  /** With no labelled point the loss is exactly 0 and so is every gradient, collector or not. */
  private void zero(Function<NDArray, NDArray> loss) {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray p = m.create(feats, new Shape(N, D));
      assertEquals(0f, loss.apply(p).toFloatArray()[0], 0f, "loss without labels"); // 0 or -0
    }
    same(loss);
    assertArrayEquals(new float[N * D], gradient(loss, true), 0f, "gradient without labels");
  }

  private void same(Function<NDArray, NDArray> loss) {
    float[] quiet = gradient(loss, false);
    float[] collected = gradient(loss, true);
    for (float g : quiet) assertTrue(Float.isFinite(g), "finite gradient");
    assertArrayEquals(quiet, collected, "gradient changed when the collector ran before the backward pass");
  }

  private float[] gradient(Function<NDArray, NDArray> loss, boolean collect) {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray p = m.create(feats, new Shape(N, D));
      p.setRequiresGradient(true);
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray l = loss.apply(p);
        if (collect) collectGarbage();
        gc.backward(l);
      }
      return p.getGradient().toFloatArray();
    }
  }

  /** Runs the collector and gives the cleaner thread time to free unreachable direct buffers, then reuses memory. */
  private static void collectGarbage() {
    try {
      for (int round = 0; round < 3; round++) {
        System.gc();
        Thread.sleep(30);
        for (int i = 0; i < 200; i++) ByteBuffer.allocateDirect(8).putLong(0, -1L);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private NDArray t(NDArray like) {
    return like.getManager().create(text, new Shape(C, D));
  }

  private NDArray px(NDArray like) {
    return like.getManager().create(pixels, new Shape(N, D));
  }

  private float[] gaussian(int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) v[i] = (float) random.nextGaussian();
    return v;
  }

  private int[] labels(int n) {
    int[] y = new int[n];
    for (int i = 0; i < n; i++) y[i] = random.nextInt(4) == 0 ? PseudoLabels.IGNORE : random.nextInt(C);
    return y;
  }
}
