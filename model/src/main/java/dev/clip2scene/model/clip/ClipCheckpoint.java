package dev.clip2scene.model.clip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clip2scene.model.io.SafeTensors;
import dev.clip2scene.model.io.TensorFileException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A CLIP weights file in safetensors, OpenAI/open_clip or Hugging Face {@code CLIPModel} naming, seen under
 * OpenAI names. Head counts and activation come from, in order: the caller's hints, a {@code config.json} beside
 * the weights (Hugging Face, OpenAI or open_clip style), a {@code config} entry in the file's metadata, CLIP's rule.
 */
public final class ClipCheckpoint implements AutoCloseable {
  public static final String WHERE_TO_GET = "expected a CLIP ViT-B/16 safetensors file: OpenAI's ViT-B-16.pt converted "
      + "to safetensors (OpenAI/open_clip naming), or model.safetensors from huggingface.co/openai/clip-vit-base-patch16 "
      + "(see README, 'CLIP weights'); nothing is downloaded at run time";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SafeTensors file;
  private final TensorSource tensors;
  private final ClipHints hints;

  private ClipCheckpoint(SafeTensors file, TensorSource tensors, ClipHints hints) {
    this.file = file;
    this.tensors = tensors;
    this.hints = hints;
  }

  public static ClipCheckpoint open(Path weights) {
    if (!Files.isRegularFile(weights)) {
      throw new TensorFileException("CLIP weights not found: " + weights + "; " + WHERE_TO_GET);
    }
    String name = weights.getFileName().toString();
    if (name.endsWith(".pt") || name.endsWith(".pth") || name.endsWith(".bin")) {
      throw new TensorFileException(weights + " is a PyTorch pickle, which is never loaded (it can run code); "
          + WHERE_TO_GET);
    }
    SafeTensors st = SafeTensors.open(weights);
    try {
      TensorSource raw = new SafeTensorsSource(st);
      TensorSource tensors = raw.contains(HuggingFaceClipNames.MARKER) ? new HuggingFaceClipNames(raw) : raw;
      ClipHints fromMetadata = st.metadata().containsKey("config")
          ? hints(parse(st.metadata().get("config"), weights + " metadata 'config'"), weights.toString())
          : ClipHints.NONE;
      Path configFile = weights.resolveSibling("config.json");
      ClipHints fromFile = Files.isRegularFile(configFile) ? hints(read(configFile), configFile.toString()) : ClipHints.NONE;
      return new ClipCheckpoint(st, tensors, fromFile.orElse(fromMetadata));
    } catch (RuntimeException e) {
      st.close();
      throw e;
    }
  }

  /** The tensors under OpenAI names. */
  public TensorSource tensors() {
    return tensors;
  }

  /** The hints found beside or inside the file. */
  public ClipHints hints() {
    return hints;
  }

  /** The configuration from the weight shapes; EXPLICIT hints win over those found with the file. */
  public ClipConfig config(ClipHints explicit) {
    return ClipConfig.infer(tensors, explicit.orElse(hints));
  }

  public Path file() {
    return file.file();
  }

  private static JsonNode read(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new TensorFileException(file + ": not valid JSON: " + e.getMessage(), e);
    }
  }

  private static JsonNode parse(String json, String where) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new TensorFileException(where + ": not valid JSON: " + e.getMessage(), e);
    }
  }

  /** Heads and activation from a Hugging Face, OpenAI-style or open_clip model configuration. */
  static ClipHints hints(JsonNode root, String where) {
    JsonNode c = root.has("config") && root.get("config").isObject() ? root.get("config") : root;
    Integer visionHeads = null;
    Integer textHeads = null;
    Activation act = null;
    if (c.has("vision_config") || c.has("text_config")) { // Hugging Face CLIPConfig
      visionHeads = intOrNull(c.path("vision_config").get("num_attention_heads"));
      textHeads = intOrNull(c.path("text_config").get("num_attention_heads"));
      JsonNode hidden = c.path("text_config").has("hidden_act") ? c.path("text_config").get("hidden_act") : c.path("vision_config").get("hidden_act");
      if (hidden != null) act = Activation.ofConfigName(hidden.asText(), where);
    } else if (c.has("vision_cfg") || c.has("text_cfg")) { // open_clip
      JsonNode v = c.path("vision_cfg");
      if (v.has("width")) visionHeads = v.get("width").asInt() / v.path("head_width").asInt(ClipConfig.HEAD_WIDTH);
      textHeads = intOrNull(c.path("text_cfg").get("heads"));
      if (c.has("quick_gelu")) act = c.get("quick_gelu").asBoolean() ? Activation.QUICK_GELU : Activation.GELU;
    } else { // OpenAI's build_model arguments
      visionHeads = intOrNull(c.get("vision_heads"));
      textHeads = intOrNull(c.get("transformer_heads"));
    }
    return new ClipHints(visionHeads, textHeads, act);
  }

  private static Integer intOrNull(JsonNode n) {
    return n != null && n.canConvertToInt() ? n.asInt() : null;
  }

  @Override
  public void close() {
    file.close();
  }
}
