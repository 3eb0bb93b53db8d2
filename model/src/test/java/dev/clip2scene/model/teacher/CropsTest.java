package dev.clip2scene.model.teacher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clip2scene.model.image.RgbImage;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CropsTest {
  @Test
  void pixelsMapIntoTheCropAndItsFlip() {
    TeacherKey.Crop c = new TeacherKey.Crop(100, 50, 200, 100, 112, 64, false);
    float[] uv = new float[2];
    assertTrue(c.map(200, 100, uv));
    assertArrayEquals(new float[] {56, 32}, uv, 1e-5f);
    assertFalse(c.map(99, 100, uv));
    assertFalse(c.map(300, 100, uv));
    TeacherKey.Crop flipped = new TeacherKey.Crop(100, 50, 200, 100, 112, 64, true);
    assertTrue(flipped.map(100, 50, uv));
    assertArrayEquals(new float[] {112, 0}, uv, 1e-5f);
  }

  @Test
  void randomResizedCropStaysInsideWithinRatioAndScale() {
    RandomResizedCrop r = RandomResizedCrop.reference();
    Random random = new Random(4);
    int flips = 0;
    for (int i = 0; i < 500; i++) {
      TeacherKey.Crop c = r.sample(1242, 375, random);
      assertTrue(c.x() >= 0 && c.y() >= 0 && c.x() + c.width() <= 1242 && c.y() + c.height() <= 375, c.toString());
      double ratio = (double) c.width() / c.height();
      assertTrue(ratio > 14.0 / 9 - 0.02 && ratio < 17.0 / 9 + 0.02, c.toString());
      assertEquals(416, c.outWidth());
      assertEquals(224, c.outHeight());
      if (c.flipped()) flips++;
    }
    assertTrue(flips > 200 && flips < 300, flips + " flips of 500");
  }

  @Test
  void cropResizesAndFlips() {
    // 4 x 1 image with red ramp; crop the right half, flip: red values reversed
    byte[] rgb = new byte[12];
    for (int x = 0; x < 4; x++) rgb[x * 3] = (byte) (x * 50);
    RgbImage out = Crops.apply(new RgbImage(4, 1, rgb), new TeacherKey.Crop(2, 0, 2, 1, 2, 1, true));
    assertEquals(150, out.rgb()[0] & 0xff);
    assertEquals(100, out.rgb()[3] & 0xff);
  }
}
