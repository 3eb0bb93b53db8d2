package dev.clip2scene.model.clip;

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
}
