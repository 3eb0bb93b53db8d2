package dev.clip2scene.model.net;

import ai.djl.ndarray.NDArray;
import dev.clip2scene.model.sparse.ConvBlock;
import dev.clip2scene.model.sparse.ForwardContext;
import dev.clip2scene.model.sparse.Linear;
import dev.clip2scene.model.sparse.Rows;
import dev.clip2scene.model.sparse.Weights;

/**
 * MinkUNet: a submanifold stem (kernel 5 by default), the U-Net trunk, a per-voxel linear head; each point takes
 * its voxel's output.
 */
final class MinkUNet extends UNetNetwork {
  private final ConvBlock stem;
  private final Linear head;

  MinkUNet(NetworkConfig config, Weights w) {
    super(config, w);
    int k = config.stemKernel();
    stem = new ConvBlock(w, "stem", k * k * k, config.inputChannels(), config.widths()[0]);
    head = new Linear(w, "head", config.widths()[8], config.outputDim());
  }

  @Override
  public NDArray forward(ForwardContext ctx) {
    config.requireInputChannels(ctx.geometry().batch().channels());
    NDArray x0 = stem.forward(ctx, SparseNetwork.voxelInput(ctx), ctx.geometry().submanifold(0, config.stemKernel()));
    NDArray x1 = trunk.encode(ctx, 1, x0);
    NDArray x2 = trunk.encode(ctx, 2, x1);
    NDArray x3 = trunk.encode(ctx, 3, x2);
    NDArray y = trunk.encode(ctx, 4, x3);
    y = trunk.decode(ctx, 1, y, x3);
    y = trunk.decode(ctx, 2, y, x2);
    y = trunk.decode(ctx, 3, y, x1);
    y = trunk.decode(ctx, 4, y, x0);
    return Rows.gather(head.forward(ctx, y), ctx.indices(ctx.geometry().pointVoxel(0)));
  }
}
