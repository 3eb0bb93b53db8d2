package dev.clip2scene.model.net;

import dev.clip2scene.model.infer.FeatureRows;
import dev.clip2scene.model.infer.FusedPass;
import java.util.function.Function;

/**
 * A network's weights folded (batch norm into convolutions) for eval-mode inference on the CPU engine. A snapshot:
 * later changes to the network's weights do not reach it.
 */
public final class FusedNetwork {
  private final NetworkConfig config;
  private final Function<FusedPass, FeatureRows> topology;

  /** @param topology the network's layers over a pass, given the batch carries the config's input channels */
  FusedNetwork(NetworkConfig config, Function<FusedPass, FeatureRows> topology) {
    this.config = config;
    this.topology = topology;
  }

  public NetworkConfig config() {
    return config;
  }

  /** Features of every kept point of the pass's batch, (points, outputDim). */
  public FeatureRows forward(FusedPass pass) {
    SparseNetwork.requireChannels(config, pass.geometry());
    return topology.apply(pass);
  }
}
