package dev.clip2scene.model.clip;

import dev.clip2scene.model.io.TensorFileException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Presents a Hugging Face {@code CLIPModel} checkpoint under OpenAI CLIP names. Besides renaming, two layouts
 * differ: attention has separate q/k/v projections (OpenAI concatenates them as in_proj, in q, k, v order), and
 * the final projections are Linear weights [embed, width] where OpenAI stores the matrix [width, embed].
 */
final class HuggingFaceClipNames implements TensorSource {
  /** A key that identifies the naming. */
  static final String MARKER = "vision_model.embeddings.patch_embedding.weight";
  private static final Pattern BLOCK = Pattern.compile("(visual\\.)?transformer\\.resblocks\\.(\\d+)\\.(.+)");

  private final TensorSource hf;

  HuggingFaceClipNames(TensorSource hf) {
    this.hf = hf;
  }

  @Override
  public String describe() {
    return hf.describe() + " (Hugging Face naming)";
  }

  @Override
  public boolean contains(String name) {
    String[] parts = parts(name);
    if (parts == null) return false;
    for (String p : parts) if (!hf.contains(p)) return false;
    return true;
  }

  @Override
  public long[] shape(String name) {
    String[] parts = require(name);
    long[] s = hf.shape(parts[0]);
    if (isProjection(name) && s.length == 2) return new long[] {s[1], s[0]};
    if (parts.length == 3) {
      long[] out = s.clone();
      for (int i = 1; i < 3; i++) out[0] += hf.shape(parts[i])[0];
      return out;
    }
    return s;
  }

  @Override
  public float[] floats(String name) {
    String[] parts = require(name);
    if (isProjection(name)) {
      long[] s = hf.shape(parts[0]);
      return Matrices.transpose(hf.floats(parts[0]), Math.toIntExact(s[0]), Math.toIntExact(s[1]));
    }
    if (parts.length == 1) return hf.floats(parts[0]);
    float[][] qkv = {hf.floats(parts[0]), hf.floats(parts[1]), hf.floats(parts[2])};
    float[] out = new float[qkv[0].length + qkv[1].length + qkv[2].length];
    int at = 0;
    for (float[] p : qkv) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }

  private static boolean isProjection(String name) {
    return name.equals("visual.proj") || name.equals("text_projection");
  }

  private String[] require(String name) {
    String[] parts = parts(name);
    if (parts == null) throw new TensorFileException(describe() + ": no Hugging Face equivalent of tensor '" + name + "'");
    return parts;
  }

  /** The Hugging Face tensor(s) holding OpenAI tensor NAME, or null when there is none. */
  static String[] parts(String name) {
    Matcher block = BLOCK.matcher(name);
    if (block.matches()) {
      String prefix = (block.group(1) != null ? "vision_model" : "text_model") + ".encoder.layers." + block.group(2) + ".";
      String rest = block.group(3);
      return switch (rest) {
        case "attn.in_proj_weight" -> qkv(prefix, "weight");
        case "attn.in_proj_bias" -> qkv(prefix, "bias");
        default -> {
          String mapped = blockPart(rest);
          yield mapped == null ? null : new String[] {prefix + mapped};
        }
      };
    }
    String single = switch (name) {
      case "visual.conv1.weight" -> MARKER;
      case "visual.class_embedding" -> "vision_model.embeddings.class_embedding";
      case "visual.positional_embedding" -> "vision_model.embeddings.position_embedding.weight";
      case "visual.ln_pre.weight" -> "vision_model.pre_layrnorm.weight";
      case "visual.ln_pre.bias" -> "vision_model.pre_layrnorm.bias";
      case "visual.ln_post.weight" -> "vision_model.post_layernorm.weight";
      case "visual.ln_post.bias" -> "vision_model.post_layernorm.bias";
      case "visual.proj" -> "visual_projection.weight";
      case "token_embedding.weight" -> "text_model.embeddings.token_embedding.weight";
      case "positional_embedding" -> "text_model.embeddings.position_embedding.weight";
      case "ln_final.weight" -> "text_model.final_layer_norm.weight";
      case "ln_final.bias" -> "text_model.final_layer_norm.bias";
      case "text_projection" -> "text_projection.weight";
      case "logit_scale" -> "logit_scale";
      default -> null;
    };
    return single == null ? null : new String[] {single};
  }

  private static String[] qkv(String prefix, String kind) {
    return new String[] {prefix + "self_attn.q_proj." + kind, prefix + "self_attn.k_proj." + kind, prefix + "self_attn.v_proj." + kind};
  }

  private static String blockPart(String openAi) {
    int dot = openAi.lastIndexOf('.');
    String module = openAi.substring(0, dot);
    String param = openAi.substring(dot + 1);
    String mapped = switch (module) {
      case "ln_1" -> "layer_norm1";
      case "ln_2" -> "layer_norm2";
      case "attn.out_proj" -> "self_attn.out_proj";
      case "mlp.c_fc" -> "mlp.fc1";
      case "mlp.c_proj" -> "mlp.fc2";
      default -> null;
    };
    return mapped == null ? null : mapped + "." + param;
  }
}
