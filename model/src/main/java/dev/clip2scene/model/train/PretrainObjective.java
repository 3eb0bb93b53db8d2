package dev.clip2scene.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.clip2scene.model.loss.ContrastiveConsistency;
import dev.clip2scene.model.loss.CrossEntropyConsistency;
import dev.clip2scene.model.loss.SelfTraining;
import dev.clip2scene.model.loss.SemanticConsistency;
import dev.clip2scene.model.loss.SpatialTemporalConsistency;
import java.util.Random;

/**
 * The pretraining loss of METHOD.md for one sample: semantic consistency (1) + spatial-temporal consistency (2),
 * both against the targets S3T chooses (pixel pseudo-labels, some switched to the network's own predictions from
 * the start epoch on).
 */
public final class PretrainObjective {
  public enum Semantic { CONTRASTIVE, CROSS_ENTROPY }

  public enum Spatial { PAPER, REFERENCE, OFF }

  /**
   * @param selfTraining S3T settings, or null for no switching
   */
  public record Settings(Semantic semantic, double tau, Spatial spatial, double cellSize, int capacity, SelfTraining selfTraining) {}

  /** One sample's terms (scalars; SPATIAL is a zero constant when off) and how many targets S3T switched. */
  public record Terms(NDArray semantic, NDArray spatial, NDArray total, int switched) {}

  private final Settings settings;
  private final SemanticConsistency semantic;
  private final SpatialTemporalConsistency spatial;

  public PretrainObjective(Settings settings) {
    this.settings = settings;
    this.semantic = settings.semantic() == Semantic.CONTRASTIVE ? new ContrastiveConsistency(settings.tau()) : new CrossEntropyConsistency();
    this.spatial = switch (settings.spatial()) {
      case OFF -> null;
      case PAPER -> new SpatialTemporalConsistency(SpatialTemporalConsistency.Variant.PAPER, settings.cellSize(), settings.capacity());
      case REFERENCE -> new SpatialTemporalConsistency(SpatialTemporalConsistency.Variant.REFERENCE, settings.cellSize(), settings.capacity());
    };
  }

  public Settings settings() {
    return settings;
  }

  /** Whether the spatial term needs pixel features (the paper's fusion). */
  public boolean needsPixelFeatures() {
    return settings.spatial() == Spatial.PAPER;
  }

  /**
   * @param points N x D point features (under autograd)
   * @param xyz the sample's stitched cloud, N points, x, y, z interleaved
   * @param pixelLabels N pixel pseudo-labels, IGNORE where unpaired
   * @param text C x D text embeddings
   * @param pixels N x D paired pixel features (PAPER spatial variant only, else may be null)
   * @param epoch 0-based, for S3T's start
   */
  public Terms loss(NDArray points, float[] xyz, int[] pixelLabels, NDArray text, NDArray pixels, int epoch, Random random) {
    int[] targets = pixelLabels;
    int switched = 0;
    SelfTraining s3t = settings.selfTraining();
    if (s3t != null && s3t.active(epoch)) {
      int[] predicted = predictions(points, text);
      targets = s3t.targets(epoch, pixelLabels, predicted, random);
      for (int i = 0; i < targets.length; i++) if (targets[i] != pixelLabels[i]) switched++;
    }
    NDArray l1 = semantic.loss(points, text, targets);
    NDArray l2 = spatial == null ? l1.zerosLike() : spatial.loss(points, xyz, targets, text, pixels);
    return new Terms(l1, l2, l1.add(l2), switched);
  }

  /** argmax_c of p_i . t_c, outside autograd (the values only). */
  static int[] predictions(NDArray points, NDArray text) {
    try (NDArray logits = points.stopGradient().matMul(text.transpose()); NDArray arg = logits.argMax(1)) {
      long[] l = arg.toType(DataType.INT64, false).toLongArray();
      int[] out = new int[l.length];
      for (int i = 0; i < l.length; i++) out[i] = (int) l[i];
      return out;
    }
  }
}
