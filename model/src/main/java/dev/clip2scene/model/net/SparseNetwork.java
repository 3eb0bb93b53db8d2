package dev.clip2scene.model.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.clip2scene.model.sparse.ForwardContext;
import dev.clip2scene.model.sparse.Weights;
import dev.clip2scene.model.voxel.VoxelizedBatch;

/** A student network: voxelized batch in (from the context's geometry), per-point features out. */
public interface SparseNetwork {
  NetworkConfig config();

  Weights weights();

  /** Features of every kept point of the batch, shaped (points, outputDim). */
  NDArray forward(ForwardContext ctx);

  /** The current weights folded for eval-mode inference (float32). */
  default FusedNetwork fuse() {
    return FusedNetwork.of(config(), new WeightsSource(weights()));
  }

  /** Builds the network a config describes, with weights initialised from the seed. */
  static SparseNetwork create(NetworkConfig config, Weights weights) {
    return switch (config.architecture()) {
      case SPVCNN -> new Spvcnn(config, weights);
      case MINKUNET -> new MinkUNet(config, weights);
    };
  }

  /** The batch's per-voxel input features as an array of the context's type. */
  static NDArray voxelInput(ForwardContext ctx) {
    VoxelizedBatch b = ctx.geometry().batch();
    return ctx.manager().create(b.voxelFeatures(), new Shape(b.voxelCount(), b.channels())).toType(ctx.dtype(), false);
  }
}
