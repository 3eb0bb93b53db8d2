package dev.clip2scene.model.clip;

import dev.clip2scene.model.io.TensorFileException;

/**
 * The sizes of a CLIP model, read from its weight shapes ({@link #infer}). Either tower may be absent (a
 * vision-only checkpoint has no text tower). Heads cannot be seen in the shapes: they come from {@link ClipHints}
 * or CLIP's rule of one head per 64 channels.
 */
public record ClipConfig(Vision vision, Text text, int embedDim, Activation activation) {
  /** CLIP's head width: OpenAI's models use width / 64 heads in both towers. */
  public static final int HEAD_WIDTH = 64;

  /** The image tower: a square training grid of gridSize x gridSize patches of patchSize pixels. */
  public record Vision(int width, int layers, int heads, int patchSize, int gridSize, int mlpWidth) {
    public int imageSize() {
      return gridSize * patchSize;
    }
  }

  public record Text(int width, int layers, int heads, int contextLength, int vocabSize, int mlpWidth) {}

  public boolean hasVision() {
    return vision != null;
  }

  public boolean hasText() {
    return text != null;
  }

  /** Reads the configuration from the tensor shapes in W (OpenAI naming), heads and activation from HINTS. */
  public static ClipConfig infer(TensorSource w, ClipHints hints) {
    Vision vision = null;
    Text text = null;
    int embed = -1;
    if (w.contains("visual.conv1.weight")) {
      int width = w.dim("visual.conv1.weight", 4, 0);
      int patch = w.dim("visual.conv1.weight", 4, 2);
      int tokens = w.dim("visual.positional_embedding", 2, 0);
      int grid = (int) Math.round(Math.sqrt(tokens - 1));
      if (grid * grid != tokens - 1) {
        throw new TensorFileException(w.describe() + ": tensor 'visual.positional_embedding' has " + tokens
            + " positions, expected a class token plus a square grid");
      }
      int layers = countBlocks(w, "visual.transformer.resblocks.");
      vision = new Vision(width, layers, heads(hints.visionHeads(), width, "vision", w), patch, grid,
          w.dim("visual.transformer.resblocks.0.mlp.c_fc.weight", 2, 0));
      embed = w.dim("visual.proj", 2, 1);
    }
    if (w.contains("token_embedding.weight")) {
      int width = w.dim("ln_final.weight", 1, 0);
      int layers = countBlocks(w, "transformer.resblocks.");
      text = new Text(width, layers, heads(hints.textHeads(), width, "text", w), w.dim("positional_embedding", 2, 0),
          w.dim("token_embedding.weight", 2, 0), w.dim("transformer.resblocks.0.mlp.c_fc.weight", 2, 0));
      int textEmbed = w.dim("text_projection", 2, 1);
      if (embed >= 0 && embed != textEmbed) {
        throw new TensorFileException(w.describe() + ": 'visual.proj' projects to " + embed + " but 'text_projection' to "
            + textEmbed + "; the towers do not belong together");
      }
      embed = textEmbed;
    }
    if (vision == null && text == null) {
      throw new TensorFileException(w.describe() + ": neither 'visual.conv1.weight' nor 'token_embedding.weight' "
          + "(or their Hugging Face names) found: not a CLIP checkpoint");
    }
    return new ClipConfig(vision, text, embed, hints.activation() != null ? hints.activation() : Activation.QUICK_GELU);
  }

  private static int countBlocks(TensorSource w, String prefix) {
    int n = 0;
    while (w.contains(prefix + n + ".attn.in_proj_weight")) n++;
    if (n == 0) throw new TensorFileException(w.describe() + ": no tensor '" + prefix + "0.attn.in_proj_weight'");
    return n;
  }

  private static int heads(Integer hint, int width, String tower, TensorSource w) {
    int heads = hint != null ? hint : Math.max(1, width / HEAD_WIDTH);
    if (heads <= 0 || width % heads != 0) {
      throw new TensorFileException(w.describe() + ": " + tower + " width " + width + " is not divisible into " + heads
          + " attention heads (set the head count explicitly)");
    }
    return heads;
  }
}
