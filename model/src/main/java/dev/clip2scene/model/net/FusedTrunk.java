package dev.clip2scene.model.net;

import dev.clip2scene.model.infer.FeatureRows;
import dev.clip2scene.model.infer.FoldedConv;
import dev.clip2scene.model.infer.FoldedResidual;
import dev.clip2scene.model.infer.FusedPass;
import java.util.List;

/** {@link UNetTrunk} folded for the CPU engine; same stages, same maps. */
final class FusedTrunk {
  private final FoldedConv[] down;
  private final FoldedConv[] up;
  private final List<List<FoldedResidual>> stages;

  FusedTrunk(FoldedConv[] down, FoldedConv[] up, List<List<FoldedResidual>> stages) {
    this.down = down;
    this.up = up;
    this.stages = stages;
  }

  FeatureRows encode(FusedPass pass, int stage, FeatureRows x) {
    FeatureRows h = pass.conv(down[stage - 1], x, pass.geometry().down(stage - 1), null);
    return residuals(pass, stages.get(stage - 1), h, stage);
  }

  FeatureRows decode(FusedPass pass, int stage, FeatureRows y, FeatureRows skip) {
    int level = 4 - stage;
    FeatureRows h = pass.conv(up[stage - 1], y, pass.geometry().up(level), null);
    return residuals(pass, stages.get(3 + stage), pass.concat(h, skip), level);
  }

  private static FeatureRows residuals(FusedPass pass, List<FoldedResidual> blocks, FeatureRows x, int level) {
    for (FoldedResidual b : blocks) x = b.apply(pass, x, pass.geometry().submanifold(level, 3), pass.geometry().pointwise(level));
    return x;
  }
}
