package dev.clip2scene.model.net;

import dev.clip2scene.model.infer.FeatureRows;
import dev.clip2scene.model.infer.FusedPass;

/**
 * A network's weights folded (batch norm into convolutions) for eval-mode inference on the CPU engine. A snapshot:
 * later changes to the network's weights do not reach it.
 */
public interface FusedNetwork {
  NetworkConfig config();

  /** Features of every kept point of the pass's batch, (points, outputDim). */
  FeatureRows forward(FusedPass pass);
}
