package dev.clip2scene.model.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import dev.clip2scene.model.sparse.ConvBlock;
import dev.clip2scene.model.sparse.ForwardContext;
import dev.clip2scene.model.sparse.ResidualBlock;
import dev.clip2scene.model.sparse.Weights;
import java.util.ArrayList;
import java.util.List;

/**
 * The encoder-decoder both networks share, on DJL for training ({@link UNetStages} has its layout; {@link FusedTrunk}
 * is its folded form for inference).
 */
final class UNetTrunk {
  private final ConvBlock[] down = new ConvBlock[4];
  private final ConvBlock[] up = new ConvBlock[4];
  private final List<List<ResidualBlock>> stages = new ArrayList<>();

  UNetTrunk(Weights w, NetworkConfig c) {
    List<UNetStages.Stage> all = UNetStages.of(c);
    for (int i = 0; i < 8; i++) {
      UNetStages.Stage s = all.get(i);
      ConvBlock sample = new ConvBlock(w, s.sample(), 8, s.sampleIn(), s.sampleOut());
      if (i < 4) down[i] = sample;
      else up[i - 4] = sample;
      List<ResidualBlock> blocks = new ArrayList<>();
      for (int b = 0; b < s.count(); b++) blocks.add(new ResidualBlock(w, s.block(b), s.blockIn(b), s.blocksOut()));
      stages.add(blocks);
    }
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
