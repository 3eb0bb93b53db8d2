package dev.clip2scene.model.net;

import dev.clip2scene.model.clip.TensorSource;
import dev.clip2scene.model.infer.FoldedConv;
import dev.clip2scene.model.infer.Folding;
import dev.clip2scene.model.infer.Layers;
import dev.clip2scene.model.infer.MapRef;

/**
 * {@link Spvcnn} folded: the trunk with the point branch (voxels to points after the stem, the encoder and the second
 * and fourth decoder stages, each plus a point MLP of the previous point features, averaged back into voxels), and the
 * dense head on the three later point features side by side.
 */
final class FusedSpvcnn implements FusedNetwork.Topology {
  private final FoldedConv stem1;
  private final FoldedConv stem2;
  private final FusedTrunk trunk;
  private final FoldedConv[] mlp = new FoldedConv[3];
  private final FoldedConv head;
  private final boolean nearest;

  FusedSpvcnn(NetworkConfig c, TensorSource w) {
    int[] ch = c.widths();
    stem1 = Folding.block(w, "stem1", 27, c.inputChannels(), ch[0]);
    stem2 = Folding.block(w, "stem2", 27, ch[0], ch[0]);
    trunk = new FusedTrunk(w, c);
    int[][] point = {{ch[0], ch[4]}, {ch[4], ch[6]}, {ch[6], ch[8]}};
    for (int i = 0; i < 3; i++) mlp[i] = Folding.linear(w, "point" + i + ".linear", "point" + i + ".bn", point[i][0], point[i][1], true);
    head = Folding.linear(w, "head", null, ch[4] + ch[6] + ch[8], c.outputDim(), false);
    nearest = "nearest".equals(c.interpolation());
  }

  @Override
  public <T> T run(Layers<T> l) {
    MapRef stem = MapRef.submanifold(0, 3);
    T x0 = l.conv(stem2, l.conv(stem1, l.voxelInput(), stem, null), stem, null);
    T z0 = l.toPoints(x0, 0, nearest, null);
    T x1 = trunk.encode(l, 1, l.average(z0, 0));
    T x2 = trunk.encode(l, 2, x1);
    T x3 = trunk.encode(l, 3, x2);
    T x4 = trunk.encode(l, 4, x3);
    T z1 = l.toPoints(x4, 4, nearest, l.dense(mlp[0], z0));
    T y = trunk.decode(l, 1, l.average(z1, 4), x3);
    y = trunk.decode(l, 2, y, x2);
    T z2 = l.toPoints(y, 2, nearest, l.dense(mlp[1], z1));
    y = trunk.decode(l, 3, l.average(z2, 2), x1);
    y = trunk.decode(l, 4, y, x0);
    T z3 = l.toPoints(y, 0, nearest, l.dense(mlp[2], z2));
    return l.dense(head, l.concat(l.concat(z1, z2), z3));
  }

  @Override
  public FoldedConv head() {
    return head;
  }

  @Override
  public boolean headOnVoxels() {
    return false;
  }
}
