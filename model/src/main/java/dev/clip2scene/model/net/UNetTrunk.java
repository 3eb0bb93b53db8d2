package dev.clip2scene.model.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import dev.clip2scene.model.infer.FoldedConv;
import dev.clip2scene.model.infer.FoldedResidual;
import dev.clip2scene.model.infer.Folding;
import dev.clip2scene.model.sparse.ConvBlock;
import dev.clip2scene.model.sparse.ForwardContext;
import dev.clip2scene.model.sparse.ResidualBlock;
import dev.clip2scene.model.sparse.Weights;
import java.util.ArrayList;
import java.util.List;

/**
 * The encoder-decoder both networks share. Encoder stage i (1..4): stride-2 convolution block from level i-1 to
 * i, then residual blocks. Decoder stage i (1..4): transposed stride-2 block up to level 4-i, concatenation with
 * the encoder's output at that level, residual blocks.
 */
final class UNetTrunk {
  private final ConvBlock[] down = new ConvBlock[4];
  private final ConvBlock[] up = new ConvBlock[4];
  private final List<List<ResidualBlock>> stages = new ArrayList<>();

  UNetTrunk(Weights w, NetworkConfig c) {
    int[] ch = c.widths();
    for (int i = 0; i < 4; i++) {
      down[i] = new ConvBlock(w, "down" + (i + 1), 8, ch[i], ch[i]);
      stages.add(residuals(w, "enc" + (i + 1), ch[i], ch[i + 1], c.blocks()[i]));
    }
    for (int i = 0; i < 4; i++) {
      int in = ch[4 + i];
      int out = ch[5 + i];
      int skip = ch[3 - i];
      up[i] = new ConvBlock(w, "up" + (i + 1), 8, in, out);
      stages.add(residuals(w, "dec" + (i + 1), out + skip, out, c.blocks()[4 + i]));
    }
  }

  private static List<ResidualBlock> residuals(Weights w, String name, int in, int out, int count) {
    List<ResidualBlock> blocks = new ArrayList<>();
    for (int b = 0; b < count; b++) blocks.add(new ResidualBlock(w, name + ".block" + b, b == 0 ? in : out, out));
    return blocks;
  }

  FusedTrunk fuse() {
    FoldedConv[] d = new FoldedConv[4];
    FoldedConv[] u = new FoldedConv[4];
    for (int i = 0; i < 4; i++) {
      d[i] = Folding.block(down[i]);
      u[i] = Folding.block(up[i]);
    }
    List<List<FoldedResidual>> s = new ArrayList<>();
    for (List<ResidualBlock> stage : stages) s.add(stage.stream().map(Folding::residual).toList());
    return new FusedTrunk(d, u, s);
  }

  /** Encoder stage 1..4: input at level stage-1, output at level stage. */
  NDArray encode(ForwardContext ctx, int stage, NDArray x) {
    NDArray h = down[stage - 1].forward(ctx, x, ctx.geometry().down(stage - 1));
    return residuals(ctx, stages.get(stage - 1), h, stage);
  }

  /** Decoder stage 1..4: input at level 5-stage, output at level 4-stage, joined with the encoder's skip there. */
  NDArray decode(ForwardContext ctx, int stage, NDArray y, NDArray skip) {
    int level = 4 - stage;
    NDArray h = up[stage - 1].forward(ctx, y, ctx.geometry().up(level));
    h = NDArrays.concat(new NDList(h, skip), 1);
    return residuals(ctx, stages.get(3 + stage), h, level);
  }

  private static NDArray residuals(ForwardContext ctx, List<ResidualBlock> blocks, NDArray x, int level) {
    for (ResidualBlock b : blocks) x = b.forward(ctx, x, level);
    return x;
  }
}
