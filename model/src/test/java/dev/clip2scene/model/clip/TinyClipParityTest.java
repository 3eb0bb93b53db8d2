package dev.clip2scene.model.clip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.clip2scene.model.io.Npy;
import dev.clip2scene.model.io.NpyArray;
import dev.clip2scene.model.net.TextEmbeddings;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Parity with the reference CLIP implementation on the tiny random ViT of ../shared/data/clip/tiny-vit. */
class TinyClipParityTest {
  static final double TOLERANCE = 1e-4;
  private static ClipModel model;
  private static ClipTokenizer tokenizer;

  @BeforeAll
  static void load() {
    model = ClipModel.load(TinyClipFixture.weights(), ClipHints.NONE, Device.cpu());
    tokenizer = new ClipTokenizer(TokenizerFiles.load(TinyClipFixture.bpeVocabulary()));
  }

  @AfterAll
  static void close() {
    if (model != null) model.close();
  }

  static PixelBatch pixels(String npy) {
    NpyArray a = Npy.read(TinyClipFixture.dir().resolve(npy));
    return new PixelBatch((int) a.shape()[0], (int) a.shape()[2], (int) a.shape()[3], a.floats());
  }

  @Test
  void configurationComesFromShapesAndTheFilesMetadata() {
    ClipConfig c = model.config();
    assertEquals(new ClipConfig.Vision(64, 2, 1, 16, 4, 256), c.vision());
    assertEquals(new ClipConfig.Text(32, 2, 2, 77, 49408, 128), c.text());
    assertEquals(32, c.embedDim());
    assertEquals(Activation.QUICK_GELU, c.activation());
  }

  @Test
  void textFeaturesMatch() throws IOException {
    float[] features = model.text().encode(tokenizer.tokenize(TinyClipFixture.texts()));
    double err = TinyClipFixture.relativeError(features, TinyClipFixture.reference("text_features.npy"));
    assertTrue(err < TOLERANCE, "relative error " + err);
  }

  @Test
  void pooledImageFeaturesMatch() {
    float[] features = model.image().encode(pixels("image_64x64.npy"));
    double err = TinyClipFixture.relativeError(features, TinyClipFixture.reference("image_features_64x64.npy"));
    assertTrue(err < TOLERANCE, "relative error " + err);
  }

  @Test
  void aBatchGivesEachImagesOwnFeatures() {
    PixelBatch one = pixels("image_64x112.npy");
    float[] two = java.util.Arrays.copyOf(one.values(), 2 * one.values().length);
    for (int i = 0; i < one.values().length; i++) two[one.values().length + i] = -0.5f * one.values()[i];
    DenseFeatures batch = model.image().dense(new PixelBatch(2, 64, 112, two));
    float[] second = java.util.Arrays.copyOfRange(two, one.values().length, two.length);
    assertArrayEquals(model.image().dense(one).values(), batch.image(0), 1e-5f);
    assertArrayEquals(model.image().dense(new PixelBatch(1, 64, 112, second)).values(), batch.image(1), 1e-5f);
  }

  @Test
  void maskClipDenseFeaturesAndLogitsMatch() throws IOException {
    DenseFeatures dense = model.image().dense(pixels("image_64x112.npy"));
    assertArrayEquals(new int[] {1, 4, 7, 32}, new int[] {dense.batch(), dense.gridHeight(), dense.gridWidth(), dense.dim()});
    double err = TinyClipFixture.relativeError(dense.values(), TinyClipFixture.reference("maskclip_dense_64x112.npy"));
    assertTrue(err < TOLERANCE, "dense relative error " + err);

    float[] text = model.text().encode(tokenizer.tokenize(TinyClipFixture.texts()));
    float[] logits = dense.cosineLogits(new TextEmbeddings(TinyClipFixture.texts(), 32, text));
    double logitErr = TinyClipFixture.relativeError(logits, TinyClipFixture.reference("maskclip_logits_64x112.npy"));
    assertTrue(logitErr < TOLERANCE, "logits relative error " + logitErr);
  }
}
