package dev.clip2scene.model.clip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.clip2scene.model.image.RgbImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClipPreprocessorTest {
  private static final RgbImage TWO_BY_ONE = new RgbImage(2, 1, new byte[] {0, (byte) 255, 51, (byte) 102, 0, (byte) 204});

  @Test
  void scalesToUnitRangeInChannelPlanesWithoutNormalisation() {
    PixelBatch b = new ClipPreprocessor(0, 0, false).apply(List.of(TWO_BY_ONE));
    assertEquals(1, b.height());
    assertEquals(2, b.width());
    assertArrayEquals(new float[] {0, 0.4f, 1, 0, 0.2f, 0.8f}, b.values(), 1e-6f);
  }

  @Test
  void appliesClipMeanAndStd() {
    PixelBatch b = new ClipPreprocessor(0, 0, true).apply(List.of(TWO_BY_ONE));
    assertEquals((0 - 0.48145466f) / 0.26862954f, b.values()[0], 1e-6f);
    assertEquals((0.8f - 0.40821073f) / 0.27577711f, b.values()[5], 1e-5f);
  }

  @Test
  void resizesBilinearlyToTheTarget() {
    PixelBatch b = new ClipPreprocessor(1, 4, false).apply(List.of(TWO_BY_ONE));
    // red channel 0 -> 0.4 over four half-pixel-centred samples: 0, 0.1, 0.3, 0.4
    assertArrayEquals(new float[] {0, 0.1f, 0.3f, 0.4f}, java.util.Arrays.copyOf(b.values(), 4), 1e-6f);
    assertThrows(IllegalArgumentException.class, () -> new ClipPreprocessor(0, 0, true).apply(List.of(TWO_BY_ONE,
        new RgbImage(1, 1, new byte[3]))));
  }
}
