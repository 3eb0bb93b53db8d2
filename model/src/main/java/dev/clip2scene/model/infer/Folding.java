package dev.clip2scene.model.infer;

import dev.clip2scene.model.sparse.BatchNorm;
import dev.clip2scene.model.sparse.ConvBlock;
import dev.clip2scene.model.sparse.Linear;
import dev.clip2scene.model.sparse.ResidualBlock;
import dev.clip2scene.model.sparse.SparseConv;

/** Reads a network's layers once into folded float32 form for the CPU engine. */
public final class Folding {
  private Folding() {}

  public static FoldedConv block(ConvBlock b) {
    return conv(b.conv(), b.norm(), true);
  }

  public static FoldedResidual residual(ResidualBlock b) {
    FoldedConv projection = b.projection() == null ? null : conv(b.projection(), b.projectionNorm(), false);
    // ReLU after the skip is added: conv2 applies it once the skip has been summed in
    return new FoldedResidual(conv(b.conv1(), b.norm1(), true), conv(b.conv2(), b.norm2(), true), projection);
  }

  /** A dense layer, optionally followed by batch norm and ReLU. */
  public static FoldedConv linear(Linear l, BatchNorm norm, boolean relu) {
    float[][] ss = norm == null ? new float[][] {null, null} : norm.evalScaleShift();
    return FoldedConv.fold(1, l.in(), l.out(), l.weightValues(), l.biasValues(), ss[0], ss[1], relu);
  }

  private static FoldedConv conv(SparseConv c, BatchNorm norm, boolean relu) {
    float[][] ss = norm.evalScaleShift();
    return FoldedConv.fold(c.volume(), c.in(), c.out(), c.weightValues(), null, ss[0], ss[1], relu);
  }
}
