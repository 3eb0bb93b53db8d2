package dev.clip2scene.model.net;

import dev.clip2scene.model.sparse.Weights;

/** What both networks hold: their config, their weights and the shared encoder-decoder. */
abstract class UNetNetwork implements SparseNetwork {
  final NetworkConfig config;
  final Weights weights;
  final UNetTrunk trunk;

  UNetNetwork(NetworkConfig config, Weights weights) {
    this.config = config;
    this.weights = weights;
    this.trunk = new UNetTrunk(weights, config);
  }

  @Override
  public NetworkConfig config() {
    return config;
  }

  @Override
  public Weights weights() {
    return weights;
  }
}
