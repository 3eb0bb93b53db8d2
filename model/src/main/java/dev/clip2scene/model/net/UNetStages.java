package dev.clip2scene.model.net;

import java.util.ArrayList;
import java.util.List;

/**
 * The channel layout of the encoder-decoder both networks share, read by the trainable trunk and by its folded
 * form alike. Encoder stage i (1..4): a stride-2 block from level i-1 to i, then residual blocks. Decoder stage i:
 * a transposed stride-2 block up to level 4-i, the encoder's output there concatenated, residual blocks.
 */
final class UNetStages {
  /**
   * One stage: its stride-2 block SAMPLE (kernel volume 8) from SAMPLE_IN to SAMPLE_OUT channels, then COUNT
   * residual blocks named BLOCKS.block0.. taking BLOCKS_IN (the concatenation's width in a decoder) to BLOCKS_OUT.
   */
  record Stage(String sample, int sampleIn, int sampleOut, String blocks, int blocksIn, int blocksOut, int count) {
    /** Residual block B's name and input width. */
    String block(int b) {
      return blocks + ".block" + b;
    }

    int blockIn(int b) {
      return b == 0 ? blocksIn : blocksOut;
    }
  }

  private UNetStages() {}

  /** The 4 encoder stages, then the 4 decoder stages. */
  static List<Stage> of(NetworkConfig c) {
    int[] ch = c.widths();
    List<Stage> stages = new ArrayList<>();
    for (int i = 0; i < 4; i++) stages.add(new Stage("down" + (i + 1), ch[i], ch[i], "enc" + (i + 1), ch[i], ch[i + 1], c.blocks()[i]));
    for (int i = 0; i < 4; i++) {
      int out = ch[5 + i];
      stages.add(new Stage("up" + (i + 1), ch[4 + i], out, "dec" + (i + 1), out + ch[3 - i], out, c.blocks()[4 + i]));
    }
    return stages;
  }
}
