package dev.clip2scene.model.net;

import dev.clip2scene.model.clip.TensorSource;
import dev.clip2scene.model.infer.FoldedConv;
import dev.clip2scene.model.infer.FoldedResidual;
import dev.clip2scene.model.infer.Folding;
import dev.clip2scene.model.infer.Layers;
import dev.clip2scene.model.infer.MapRef;
import java.util.ArrayList;
import java.util.List;

/** The shared encoder-decoder ({@link UNetStages}) folded for inference; same stages, same maps as the trainable one. */
final class FusedTrunk {
  private final FoldedConv[] sample = new FoldedConv[8];
  private final List<List<FoldedResidual>> blocks = new ArrayList<>();

  FusedTrunk(TensorSource w, NetworkConfig c) {
    List<UNetStages.Stage> stages = UNetStages.of(c);
    for (int i = 0; i < 8; i++) {
      UNetStages.Stage s = stages.get(i);
      sample[i] = Folding.block(w, s.sample(), 8, s.sampleIn(), s.sampleOut());
      List<FoldedResidual> stage = new ArrayList<>();
      for (int b = 0; b < s.count(); b++) stage.add(Folding.residual(w, s.block(b), s.blockIn(b), s.blocksOut()));
      blocks.add(stage);
    }
  }

  /** Encoder stage 1..4: input at level stage-1, output at level stage. */
  <T> T encode(Layers<T> l, int stage, T x) {
    T h = l.conv(sample[stage - 1], x, MapRef.down(stage - 1), null);
    return residuals(l, blocks.get(stage - 1), h, stage);
  }

  /** Decoder stage 1..4: input at level 5-stage, output at level 4-stage, joined with the encoder's skip there. */
  <T> T decode(Layers<T> l, int stage, T y, T skip) {
    int level = 4 - stage;
    T h = l.conv(sample[3 + stage], y, MapRef.up(level), null);
    return residuals(l, blocks.get(3 + stage), l.concat(h, skip), level);
  }

  private static <T> T residuals(Layers<T> l, List<FoldedResidual> stage, T x, int level) {
    for (FoldedResidual b : stage) x = b.apply(l, x, level);
    return x;
  }
}
