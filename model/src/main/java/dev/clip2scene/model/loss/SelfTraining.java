package dev.clip2scene.model.loss;

import java.util.Random;

/**
 * Switchable self-training (S3T, METHOD.md): from a start epoch on, targets switch with some probability from the
 * pixel pseudo-label to the network's own prediction, per batch (reference code) or per point (paper). Only
 * points that have a pixel pseudo-label take part; the others stay ignored.
 */
public record SelfTraining(int startEpoch, double probability, Granularity granularity) {
  public enum Granularity { BATCH, POINT }

  public static final int REFERENCE_START_EPOCH = 10;
  public static final double REFERENCE_PROBABILITY = 0.5;

  public SelfTraining {
    if (!(probability >= 0 && probability <= 1)) {
      throw new IllegalArgumentException("switch probability must be in [0, 1], got " + probability);
    }
  }

  public boolean active(int epoch) {
    return epoch >= startEpoch;
  }

  /** The training targets for EPOCH (0-based): PIXEL labels, some replaced by PREDICTED ones. */
  public int[] targets(int epoch, int[] pixel, int[] predicted, Random random) {
    if (pixel.length != predicted.length) {
      throw new IllegalArgumentException(pixel.length + " pixel labels but " + predicted.length + " predictions");
    }
    int[] out = pixel.clone();
    if (!active(epoch)) return out;
    boolean wholeBatch = granularity == Granularity.BATCH && random.nextDouble() < probability;
    for (int i = 0; i < out.length; i++) {
      if (out[i] == PseudoLabels.IGNORE) continue;
      boolean switchThis = granularity == Granularity.BATCH ? wholeBatch : random.nextDouble() < probability;
      if (switchThis) out[i] = predicted[i];
    }
    return out;
  }
}
