package dev.clip2scene.model.clip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clip2scene.model.io.SafeTensors;
import dev.clip2scene.model.io.SafeTensorsWriter;
import dev.clip2scene.model.io.TensorFileException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClipCheckpointTest {
  @TempDir Path dir;

  @Test
  void missingWeightsNameTheFileAndWhereToGetThem() {
    Path absent = dir.resolve("ViT-B-16.safetensors");
    TensorFileException e = assertThrows(TensorFileException.class, () -> ClipCheckpoint.open(absent));
    assertTrue(e.getMessage().contains(absent.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("huggingface.co/openai/clip-vit-base-patch16"), e.getMessage());
    assertTrue(e.getMessage().contains("ViT-B-16.pt converted to safetensors"), e.getMessage());
  }

  @Test
  void picklesAreRefusedWithAPointerToSafetensors() throws IOException {
    Path pt = Files.write(dir.resolve("ViT-B-16.pt"), new byte[] {(byte) 0x80, 2});
    TensorFileException e = assertThrows(TensorFileException.class, () -> ClipCheckpoint.open(pt));
    assertTrue(e.getMessage().contains("pickle") && e.getMessage().contains("safetensors"), e.getMessage());
  }

  @Test
  void wrongShapedTensorNamesTheKeyAndBothShapes() throws IOException {
    Path broken = dir.resolve("broken.safetensors");
    SafeTensorsWriter w = new SafeTensorsWriter();
    try (SafeTensors st = SafeTensors.open(TinyClipFixture.weights())) {
      for (String name : st.names()) {
        if (name.equals("visual.ln_post.weight")) w.addFloats(name, new long[] {63}, new float[63]);
        else w.addFloats(name, st.shape(name), st.floats(name));
      }
    }
    w.write(broken);
    TensorFileException e = assertThrows(TensorFileException.class, () -> ClipModel.load(broken, ClipHints.NONE, Device.cpu()));
    assertTrue(e.getMessage().contains("'visual.ln_post.weight'"), e.getMessage());
    assertTrue(e.getMessage().contains("[63]") && e.getMessage().contains("[64]"), e.getMessage());
  }

  @Test
  void headsComeFromExplicitHintsThenConfigFilesThenTheRule() throws IOException {
    try (ClipCheckpoint c = ClipCheckpoint.open(TinyClipFixture.weights())) {
      assertEquals(2, c.config(ClipHints.NONE).text().heads(), "metadata config: transformer_heads");
      assertEquals(1, c.config(ClipHints.NONE).vision().heads(), "rule: 64 / 64");
      assertEquals(4, c.config(new ClipHints(null, 4, Activation.GELU)).text().heads());
      assertEquals(Activation.GELU, c.config(new ClipHints(null, 4, Activation.GELU)).activation());
    }
    ObjectMapper json = new ObjectMapper();
    ClipHints openClip = ClipCheckpoint.hints(json.readTree(
        "{\"embed_dim\": 512, \"quick_gelu\": false, \"vision_cfg\": {\"width\": 768, \"head_width\": 64}, \"text_cfg\": {\"heads\": 8}}"), "t");
    assertEquals(new ClipHints(12, 8, Activation.GELU), openClip);
    ClipHints huggingFace = ClipCheckpoint.hints(json.readTree(
        "{\"text_config\": {\"num_attention_heads\": 8, \"hidden_act\": \"quick_gelu\"}, \"vision_config\": {\"num_attention_heads\": 12}}"), "t");
    assertEquals(new ClipHints(12, 8, Activation.QUICK_GELU), huggingFace);
  }

  @Test
  void notAClipCheckpointSaysSo() throws IOException {
    Path other = dir.resolve("other.safetensors");
    new SafeTensorsWriter().addFloats("layer.weight", new long[] {2}, new float[2]).write(other);
    try (ClipCheckpoint c = ClipCheckpoint.open(other)) {
      TensorFileException e = assertThrows(TensorFileException.class, () -> c.config(ClipHints.NONE));
      assertTrue(e.getMessage().contains("not a CLIP checkpoint"), e.getMessage());
    }
  }
}
