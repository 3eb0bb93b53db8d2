package dev.clip2scene.model.clip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.clip2scene.model.io.SafeTensors;
import dev.clip2scene.model.io.SafeTensorsWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tiny OpenAI-named checkpoint rewritten in Hugging Face CLIPModel naming gives the same outputs. */
class HuggingFaceNamingTest {
  @TempDir Path dir;

  @Test
  void huggingFaceCheckpointGivesIdenticalOutputs() throws IOException {
    Path hf = dir.resolve("model.safetensors");
    int converted = convertToHuggingFace(TinyClipFixture.weights(), hf);
    Files.writeString(dir.resolve("config.json"), """
        {"architectures": ["CLIPModel"], "projection_dim": 32,
         "text_config": {"hidden_size": 32, "num_attention_heads": 2, "hidden_act": "quick_gelu"},
         "vision_config": {"hidden_size": 64, "num_attention_heads": 1, "hidden_act": "quick_gelu"}}
        """);
    ClipTokenizer tokenizer = new ClipTokenizer(TokenizerFiles.load(TinyClipFixture.bpeVocabulary()));
    int[][] tokens = tokenizer.tokenize(TinyClipFixture.texts());
    PixelBatch square = TinyClipParityTest.pixels("image_64x64.npy");
    PixelBatch wide = TinyClipParityTest.pixels("image_64x112.npy");
    try (ClipModel openAi = ClipModel.load(TinyClipFixture.weights(), ClipHints.NONE, Device.cpu());
        ClipModel huggingFace = ClipModel.load(hf, ClipHints.NONE, Device.cpu())) {
      assertEquals(openAi.config(), huggingFace.config());
      assertArrayEquals(openAi.text().encode(tokens), huggingFace.text().encode(tokens));
      assertArrayEquals(openAi.image().encode(square), huggingFace.image().encode(square));
      assertArrayEquals(openAi.image().dense(wide).values(), huggingFace.image().dense(wide).values());
    }
    try (SafeTensors st = SafeTensors.open(hf)) {
      assertEquals(converted, st.names().size());
      assertTrue(st.names().stream().noneMatch(n -> n.contains("in_proj") || n.startsWith("visual.")), st.names().toString());
    }
  }

  /** Writes IN's tensors under Hugging Face names; returns how many were written. */
  static int convertToHuggingFace(Path in, Path out) throws IOException {
    SafeTensorsWriter w = new SafeTensorsWriter();
    int count = 0;
    try (SafeTensors st = SafeTensors.open(in)) {
      for (String name : st.names()) {
        float[] v = st.floats(name);
        long[] shape = st.shape(name);
        String tower = name.startsWith("visual.") ? "vision_model" : "text_model";
        String local = name.startsWith("visual.") ? name.substring("visual.".length()) : name;
        if (local.startsWith("transformer.resblocks.")) {
          String[] p = local.substring("transformer.resblocks.".length()).split("\\.", 2);
          String layer = tower + ".encoder.layers." + p[0] + ".";
          if (p[1].startsWith("attn.in_proj_")) {
            String kind = p[1].endsWith("weight") ? "weight" : "bias";
            int third = v.length / 3;
            long[] part = shape.clone();
            part[0] /= 3;
            String[] qkv = {"q_proj", "k_proj", "v_proj"};
            for (int i = 0; i < 3; i++) {
              w.addFloats(layer + "self_attn." + qkv[i] + "." + kind, part, Arrays.copyOfRange(v, i * third, (i + 1) * third));
              count++;
            }
            continue;
          }
          String rest = p[1].replace("ln_1", "layer_norm1").replace("ln_2", "layer_norm2")
              .replace("attn.out_proj", "self_attn.out_proj").replace("mlp.c_fc", "mlp.fc1").replace("mlp.c_proj", "mlp.fc2");
          w.addFloats(layer + rest, shape, v);
        } else if (name.equals("visual.proj") || name.equals("text_projection")) {
          float[] t = new float[v.length];
          int rows = (int) shape[0];
          int cols = (int) shape[1];
          for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) t[c * rows + r] = v[r * cols + c];
          w.addFloats(name.equals("visual.proj") ? "visual_projection.weight" : "text_projection.weight", new long[] {cols, rows}, t);
        } else {
          String mapped = switch (name) {
            case "visual.conv1.weight" -> "vision_model.embeddings.patch_embedding.weight";
            case "visual.class_embedding" -> "vision_model.embeddings.class_embedding";
            case "visual.positional_embedding" -> "vision_model.embeddings.position_embedding.weight";
            case "token_embedding.weight" -> "text_model.embeddings.token_embedding.weight";
            case "positional_embedding" -> "text_model.embeddings.position_embedding.weight";
            case "logit_scale" -> "logit_scale";
            default -> name.replace("visual.ln_pre", "vision_model.pre_layrnorm").replace("visual.ln_post", "vision_model.post_layernorm")
                .replace("ln_final", "text_model.final_layer_norm");
          };
          w.addFloats(mapped, shape, v);
        }
        count++;
      }
    }
    w.write(out);
    return count;
  }
}
