package dev.clip2scene.model.net;

import dev.clip2scene.model.clip.TensorSource;
import dev.clip2scene.model.infer.FoldedConv;
import dev.clip2scene.model.infer.Folding;
import dev.clip2scene.model.infer.Layers;
import dev.clip2scene.model.infer.MapRef;

/** {@link MinkUNet} folded: submanifold stem, the trunk, a per-voxel dense head; each point takes its voxel's row. */
final class FusedMinkUNet implements FusedNetwork.Topology {
  private final int stemKernel;
  private final FoldedConv stem;
  private final FusedTrunk trunk;
  private final FoldedConv head;

  FusedMinkUNet(NetworkConfig c, TensorSource w) {
    stemKernel = c.stemKernel();
    stem = Folding.block(w, "stem", stemKernel * stemKernel * stemKernel, c.inputChannels(), c.widths()[0]);
    trunk = new FusedTrunk(w, c);
    head = Folding.linear(w, "head", null, c.widths()[8], c.outputDim(), false);
  }

  @Override
  public <T> T run(Layers<T> l) {
    T x0 = l.conv(stem, l.voxelInput(), MapRef.submanifold(0, stemKernel), null);
    T x1 = trunk.encode(l, 1, x0);
    T x2 = trunk.encode(l, 2, x1);
    T x3 = trunk.encode(l, 3, x2);
    T y = trunk.encode(l, 4, x3);
    y = trunk.decode(l, 1, y, x3);
    y = trunk.decode(l, 2, y, x2);
    y = trunk.decode(l, 3, y, x1);
    y = trunk.decode(l, 4, y, x0);
    return l.toPoints(l.dense(head, y), 0, true, null);
  }

  @Override
  public FoldedConv head() {
    return head;
  }

  @Override
  public boolean headOnVoxels() {
    return true;
  }
}
