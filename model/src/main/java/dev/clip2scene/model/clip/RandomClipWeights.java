package dev.clip2scene.model.clip;

import dev.clip2scene.model.io.TensorFileException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Random weights in OpenAI naming for a given configuration, made on demand (nothing is held): for benchmarks and
 * shape tests at real sizes without a weights file. Every tensor is drawn uniformly from a small range, with layer
 * norm gains near one; the same seed and name always give the same values.
 */
public final class RandomClipWeights implements TensorSource {
  private static final float SCALE = 0.02f;
  private final Map<String, long[]> shapes = new LinkedHashMap<>();
  private final long seed;
  private final String description;

  private RandomClipWeights(ClipConfig config, long seed) {
    this.seed = seed;
    this.description = "random CLIP weights (seed " + seed + ")";
    int embed = config.embedDim();
    if (config.hasVision()) {
      ClipConfig.Vision v = config.vision();
      int p = v.patchSize();
      shapes.put("visual.conv1.weight", new long[] {v.width(), 3, p, p});
      shapes.put("visual.class_embedding", new long[] {v.width()});
      shapes.put("visual.positional_embedding", new long[] {1L + (long) v.gridSize() * v.gridSize(), v.width()});
      addLayerNorm("visual.ln_pre", v.width());
      addBlocks("visual.transformer.resblocks.", v.layers(), v.width(), v.mlpWidth());
      addLayerNorm("visual.ln_post", v.width());
      shapes.put("visual.proj", new long[] {v.width(), embed});
    }
    if (config.hasText()) {
      ClipConfig.Text t = config.text();
      shapes.put("token_embedding.weight", new long[] {t.vocabSize(), t.width()});
      shapes.put("positional_embedding", new long[] {t.contextLength(), t.width()});
      addBlocks("transformer.resblocks.", t.layers(), t.width(), t.mlpWidth());
      addLayerNorm("ln_final", t.width());
      shapes.put("text_projection", new long[] {t.width(), embed});
    }
  }

  public static RandomClipWeights of(ClipConfig config, long seed) {
    return new RandomClipWeights(config, seed);
  }

  /** OpenAI's ViT-B/16 sizes: image tower 768 wide, 12 layers, 12 heads, 16-pixel patches on 224 px; text tower optional. */
  public static ClipConfig vitB16(boolean withText) {
    return new ClipConfig(new ClipConfig.Vision(768, 12, 12, 16, 14, 3072),
        withText ? new ClipConfig.Text(512, 12, 8, 77, 49408, 2048) : null, 512, Activation.QUICK_GELU);
  }

  private void addLayerNorm(String prefix, int width) {
    shapes.put(prefix + ".weight", new long[] {width});
    shapes.put(prefix + ".bias", new long[] {width});
  }

  private void addBlocks(String prefix, int layers, int width, int mlpWidth) {
    for (int i = 0; i < layers; i++) {
      String p = prefix + i + ".";
      addLayerNorm(p + "ln_1", width);
      shapes.put(p + "attn.in_proj_weight", new long[] {3L * width, width});
      shapes.put(p + "attn.in_proj_bias", new long[] {3L * width});
      shapes.put(p + "attn.out_proj.weight", new long[] {width, width});
      shapes.put(p + "attn.out_proj.bias", new long[] {width});
      addLayerNorm(p + "ln_2", width);
      shapes.put(p + "mlp.c_fc.weight", new long[] {mlpWidth, width});
      shapes.put(p + "mlp.c_fc.bias", new long[] {mlpWidth});
      shapes.put(p + "mlp.c_proj.weight", new long[] {width, mlpWidth});
      shapes.put(p + "mlp.c_proj.bias", new long[] {width});
    }
  }

  /** Every tensor name, in a fixed order. */
  public List<String> names() {
    return List.copyOf(shapes.keySet());
  }

  @Override
  public String describe() {
    return description;
  }

  @Override
  public boolean contains(String name) {
    return shapes.containsKey(name);
  }

  @Override
  public long[] shape(String name) {
    long[] s = shapes.get(name);
    if (s == null) throw new TensorFileException(description + ": no tensor named '" + name + "'");
    return s.clone();
  }

  @Override
  public float[] floats(String name) {
    long n = 1;
    for (long d : shape(name)) n *= d;
    float[] out = new float[Math.toIntExact(n)];
    SplittableRandom random = new SplittableRandom(seed * 31 + name.hashCode());
    float offset = name.endsWith("ln_1.weight") || name.endsWith("ln_2.weight") || name.endsWith("ln_pre.weight")
        || name.endsWith("ln_post.weight") || name.endsWith("ln_final.weight") ? 1f : 0f;
    for (int i = 0; i < out.length; i++) out[i] = offset + SCALE * (float) (2 * random.nextDouble() - 1);
    return out;
  }
}
