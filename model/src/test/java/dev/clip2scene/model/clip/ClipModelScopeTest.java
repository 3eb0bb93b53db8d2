package dev.clip2scene.model.clip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import org.junit.jupiter.api.Test;

/** Encoder calls keep nothing: the model's manager holds as many arrays after many calls as after loading. */
class ClipModelScopeTest {
  @Test
  void callsLeaveNoArraysBehind() throws Exception {
    ClipTokenizer tokenizer = new ClipTokenizer(TokenizerFiles.load(TinyClipFixture.bpeVocabulary()));
    PixelBatch wide = TinyClipParityTest.pixels("image_64x112.npy");
    PixelBatch square = TinyClipParityTest.pixels("image_64x64.npy");
    try (ClipModel model = ClipModel.load(TinyClipFixture.weights(), ClipHints.NONE, Device.cpu())) {
      int loaded = model.liveArrays();
      for (int i = 0; i < 3; i++) {
        model.image().dense(wide);
        model.image().encode(square);
        model.text().encode(tokenizer.tokenize(TinyClipFixture.texts()));
      }
      assertEquals(loaded, model.liveArrays());
    }
  }

  @Test
  void attentionInQueryBlocksEqualsWholeAttention() throws Exception {
    ClipTokenizer tokenizer = new ClipTokenizer(TokenizerFiles.load(TinyClipFixture.bpeVocabulary()));
    int[][] tokens = tokenizer.tokenize(TinyClipFixture.texts());
    PixelBatch wide = TinyClipParityTest.pixels("image_64x112.npy");
    try (ClipCheckpoint c = ClipCheckpoint.open(TinyClipFixture.weights());
        ClipModel whole = ClipModel.load(c.tensors(), c.config(ClipHints.NONE), Device.cpu());
        ClipModel blocks = ClipModel.load(c.tensors(), c.config(ClipHints.NONE), Device.cpu(), 5)) {
      assertArrayEquals(whole.image().dense(wide).values(), blocks.image().dense(wide).values(), 1e-6f);
      assertArrayEquals(whole.text().encode(tokens), blocks.text().encode(tokens), 1e-6f);
      int loaded = blocks.liveArrays();
      blocks.text().encode(tokens);
      assertEquals(loaded, blocks.liveArrays());
    }
  }
}
