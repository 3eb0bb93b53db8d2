package dev.clip2scene.model.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import dev.clip2scene.model.sparse.BatchNorm;
import dev.clip2scene.model.sparse.ConvBlock;
import dev.clip2scene.model.sparse.ForwardContext;
import dev.clip2scene.model.sparse.Linear;
import dev.clip2scene.model.sparse.Weights;

/**
 * SPVCNN: the U-Net trunk with a point branch. Voxel features reach the points by interpolation after the stem,
 * the encoder and the second and fourth decoder stages; each time a point MLP (linear, batch norm, ReLU) of the
 * previous point features is added, and the points are averaged back into voxels to continue. The head maps the
 * concatenated point features of the three later branches to the output size.
 */
final class Spvcnn extends UNetNetwork {
  private final ConvBlock stem1;
  private final ConvBlock stem2;
  private final Linear[] pointLinear = new Linear[3];
  private final BatchNorm[] pointNorm = new BatchNorm[3];
  private final Linear head;
  private final boolean nearest;

  Spvcnn(NetworkConfig config, Weights w) {
    super(config, w);
    int[] ch = config.widths();
    stem1 = new ConvBlock(w, "stem1", 27, config.inputChannels(), ch[0]);
    stem2 = new ConvBlock(w, "stem2", 27, ch[0], ch[0]);
    int[][] point = {{ch[0], ch[4]}, {ch[4], ch[6]}, {ch[6], ch[8]}};
    for (int i = 0; i < 3; i++) {
      pointLinear[i] = new Linear(w, "point" + i + ".linear", point[i][0], point[i][1]);
      pointNorm[i] = new BatchNorm(w, "point" + i + ".bn", point[i][1]);
    }
    head = new Linear(w, "head", ch[4] + ch[6] + ch[8], config.outputDim());
    nearest = "nearest".equals(config.interpolation());
  }

  @Override
  public NDArray forward(ForwardContext ctx) {
    config.requireInputChannels(ctx.geometry().batch().channels());
    var g = ctx.geometry();
    NDArray x0 = stem1.forward(ctx, SparseNetwork.voxelInput(ctx), g.submanifold(0, 3));
    x0 = stem2.forward(ctx, x0, g.submanifold(0, 3));
    NDArray z0 = toPoints(ctx, x0, 0);
    NDArray x1 = trunk.encode(ctx, 1, toVoxels(ctx, z0, 0));
    NDArray x2 = trunk.encode(ctx, 2, x1);
    NDArray x3 = trunk.encode(ctx, 3, x2);
    NDArray x4 = trunk.encode(ctx, 4, x3);
    NDArray z1 = toPoints(ctx, x4, 4).add(pointMlp(ctx, 0, z0));
    NDArray y = ctx.dropout(toVoxels(ctx, z1, 4), config.dropout());
    y = trunk.decode(ctx, 1, y, x3);
    y = trunk.decode(ctx, 2, y, x2);
    NDArray z2 = toPoints(ctx, y, 2).add(pointMlp(ctx, 1, z1));
    y = ctx.dropout(toVoxels(ctx, z2, 2), config.dropout());
    y = trunk.decode(ctx, 3, y, x1);
    y = trunk.decode(ctx, 4, y, x0);
    NDArray z3 = toPoints(ctx, y, 0).add(pointMlp(ctx, 2, z2));
    return head.forward(ctx, NDArrays.concat(new NDList(z1, z2, z3), 1));
  }

  private NDArray pointMlp(ForwardContext ctx, int i, NDArray z) {
    return Activation.relu(pointNorm[i].forward(ctx, pointLinear[i].forward(ctx, z)));
  }

  private NDArray toPoints(ForwardContext ctx, NDArray voxels, int level) {
    return ctx.device(ctx.geometry().interpolation(level, nearest)).matMul(voxels);
  }

  private static NDArray toVoxels(ForwardContext ctx, NDArray points, int level) {
    return ctx.device(ctx.geometry().average(level)).matMul(points);
  }
}
