package dev.clip2scene.model.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Bicubic and bilinear resampling against values worked out by hand from PyTorch's definition (half-pixel source
 * coordinates, cubic convolution a = -0.75, border clamping). The cubic weights at t = 0.25 are
 * far(1.25) = -0.10546875, near(0.25) = 0.87890625, near(0.75) = 0.26171875, far(1.75) = -0.03515625; at t = 0.5
 * they are -0.09375, 0.59375, 0.59375, -0.09375.
 */
class ResamplingTest {
  @Test
  void cubicWeightsSumToOneAndMatchTheKernel() {
    assertArrayEquals(new double[] {-0.10546875, 0.87890625, 0.26171875, -0.03515625}, Bicubic.coefficients(0.25), 1e-15);
    assertArrayEquals(new double[] {-0.09375, 0.59375, 0.59375, -0.09375}, Bicubic.coefficients(0.5), 1e-15);
    assertArrayEquals(new double[] {0, 1, 0, 0}, Bicubic.coefficients(0), 1e-15);
  }

  @Test
  void bicubicUpsamplesTwoSamplesToFour() {
    // out 0: source -0.25 -> taps (0,0,0,1) with t = 0.75; out 1: source 0.25 -> taps (0,0,1,1) with t = 0.25
    float[] expected = {-0.10546875f, 0.2265625f, 0.7734375f, 1.10546875f};
    assertArrayEquals(expected, Bicubic.resizeChannelsLast(new float[] {0, 1}, 1, 2, 1, 1, 4), 1e-7f);
  }

  @Test
  void bicubicIsSeparableOverRowsColumnsAndChannels() {
    // channel 0 holds x + 2y, channel 1 holds 10 (constant): outputs g(x) + 2 g(y), and 10 everywhere
    float[] src = {0, 10, 1, 10, 2, 10, 3, 10};
    float[] out = Bicubic.resizeChannelsLast(src, 2, 2, 2, 4, 4);
    float[] g = {-0.10546875f, 0.2265625f, 0.7734375f, 1.10546875f};
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 4; x++) {
        assertEquals(g[x] + 2 * g[y], out[(y * 4 + x) * 2], 1e-6f, "(" + y + ", " + x + ")");
        assertEquals(10f, out[(y * 4 + x) * 2 + 1], 1e-5f);
      }
    }
  }

  @Test
  void bicubicDownsamplesAndKeepsSameSize() {
    // out 0: source 0.5, taps (0,0,1,2); out 1: source 2.5, taps (1,2,3,3)
    assertArrayEquals(new float[] {0.40625f, 2.59375f}, Bicubic.resizeChannelsLast(new float[] {0, 1, 2, 3}, 1, 4, 1, 1, 2), 1e-7f);
    float[] same = {3, -1, 4, 1, -5, 9};
    assertArrayEquals(same, Bicubic.resizeChannelsLast(same, 2, 3, 1, 2, 3), 1e-7f);
  }

  @Test
  void bilinearUsesHalfPixelCentresClampedAtTheBorder() {
    assertArrayEquals(new float[] {0, 0.25f, 0.75f, 1}, Bilinear.resizeChannelsLast(new float[] {0, 1}, 1, 2, 1, 1, 4), 1e-7f);
    assertArrayEquals(new float[] {0.5f, 2.5f}, Bilinear.resizeChannelsLast(new float[] {0, 1, 2, 3}, 1, 4, 1, 1, 2), 1e-7f);
    float[] same = {3, -1, 4, 1, -5, 9};
    assertArrayEquals(same, Bilinear.resizeChannelsLast(same, 3, 2, 1, 3, 2), 1e-7f);
  }
}
