package dev.clip2scene.nodes.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clip2scene.model.image.RgbImage;
import dev.clip2scene.msgs.builtin.Time;
import dev.clip2scene.msgs.sensor.CompressedImage;
import dev.clip2scene.msgs.sensor.Image;
import dev.clip2scene.msgs.std.Header;
import dev.clip2scene.testkit.Fixtures;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImageDecoderTest {
  private static final Header H = new Header(Time.ZERO, "camera");
  /** A 3 x 2 image: red, green, blue / white, grey, black. */
  private static final int[][] PIXELS = {{0xff0000, 0x00ff00, 0x0000ff}, {0xffffff, 0x808080, 0x000000}};
  private static final RgbImage EXPECTED = rgb(PIXELS);

  private static RgbImage rgb(int[][] px) {
    byte[] b = new byte[px.length * px[0].length * 3];
    int o = 0;
    for (int[] row : px) {
      for (int p : row) {
        b[o++] = (byte) (p >> 16);
        b[o++] = (byte) (p >> 8);
        b[o++] = (byte) p;
      }
    }
    return new RgbImage(px[0].length, px.length, b);
  }

  /** Packs PIXELS with ORDER naming, per pixel, which of r g b a x(=0x7f filler) goes in each byte. */
  private static Image image(String encoding, String order, int padding) {
    int step = 3 * order.length() + padding;
    byte[] data = new byte[step * 2];
    Arrays.fill(data, (byte) 0x55);  // padding must be ignored
    for (int y = 0; y < 2; y++) {
      for (int x = 0; x < 3; x++) {
        int p = PIXELS[y][x];
        for (int k = 0; k < order.length(); k++) {
          int v = switch (order.charAt(k)) {
            case 'r' -> p >> 16;
            case 'g' -> p >> 8;
            case 'b' -> p;
            default -> 0x7f;
          };
          data[y * step + x * order.length() + k] = (byte) v;
        }
      }
    }
    return new Image(H, 2, 3, encoding, 0, step, data);
  }

  private static void assertImage(RgbImage expected, RgbImage actual) {
    assertEquals(expected.width(), actual.width());
    assertEquals(expected.height(), actual.height());
    assertArrayEquals(expected.rgb(), actual.rgb());
  }

  @Test
  void colourEncodingsWithRowPadding() {
    assertImage(EXPECTED, ImageDecoder.decode(image("rgb8", "rgb", 0)));
    assertImage(EXPECTED, ImageDecoder.decode(image("rgb8", "rgb", 3)));
    assertImage(EXPECTED, ImageDecoder.decode(image("bgr8", "bgr", 1)));
    assertImage(EXPECTED, ImageDecoder.decode(image("rgba8", "rgba", 2)));
    assertImage(EXPECTED, ImageDecoder.decode(image("bgra8", "bgra", 0)));
  }

  @Test
  void monoEncodingsBecomeGrey() {
    byte[] mono8 = {10, 20, 30, 0, 40, 50, 60, 0};  // step 4: one pad byte per row
    RgbImage m8 = ImageDecoder.decode(new Image(H, 2, 3, "mono8", 0, 4, mono8));
    assertArrayEquals(new byte[] {10, 10, 10, 20, 20, 20, 30, 30, 30, 40, 40, 40, 50, 50, 50, 60, 60, 60}, m8.rgb());
    // mono16: 0x1234 -> high byte 0x12, in either byte order; step 6 for 2 pixels = 2 pad bytes
    byte[] le = {0x34, 0x12, (byte) 0xcd, (byte) 0xab, 0, 0};
    byte[] be = {0x12, 0x34, (byte) 0xab, (byte) 0xcd, 0, 0};
    byte[] expected = {0x12, 0x12, 0x12, (byte) 0xab, (byte) 0xab, (byte) 0xab};
    assertArrayEquals(expected, ImageDecoder.decode(new Image(H, 1, 2, "mono16", 0, 6, le)).rgb());
    assertArrayEquals(expected, ImageDecoder.decode(new Image(H, 1, 2, "mono16", 1, 6, be)).rgb());
  }

  @Test
  void unknownEncodingIsNamed() {
    ImageDecodeException e = assertThrows(ImageDecodeException.class,
        () -> ImageDecoder.decode(new Image(H, 1, 1, "yuv422", 0, 2, new byte[2])));
    assertTrue(e.getMessage().contains("unsupported image encoding 'yuv422'"), e.getMessage());
    assertTrue(e.getMessage().contains("rgb8, bgr8, rgba8, bgra8, mono8, mono16"), e.getMessage());
  }

  @Test
  void inconsistentSizesAreRejected() {
    ImageDecodeException step = assertThrows(ImageDecodeException.class,
        () -> ImageDecoder.decode(new Image(H, 2, 3, "rgb8", 0, 8, new byte[16])));
    assertTrue(step.getMessage().contains("step 8 is smaller than width 3 x 3"), step.getMessage());
    ImageDecodeException data = assertThrows(ImageDecodeException.class,
        () -> ImageDecoder.decode(new Image(H, 2, 3, "rgb8", 0, 9, new byte[17])));
    assertTrue(data.getMessage().contains("needs 18 data bytes, has 17"), data.getMessage());
    ImageDecodeException huge = assertThrows(ImageDecodeException.class,
        () -> ImageDecoder.decode(new Image(H, -1, -1, "mono8", 0, -1, new byte[4])));
    assertTrue(huge.getMessage().contains("has 4"), huge.getMessage());
    assertThrows(ImageDecodeException.class, () -> ImageDecoder.decode(new Image(H, 0, 3, "rgb8", 0, 9, new byte[0])));
  }

  private static byte[] encode(BufferedImage im, String format) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertTrue(ImageIO.write(im, format, out));
    return out.toByteArray();
  }

  private static BufferedImage buffered(int type) {
    BufferedImage im = new BufferedImage(3, 2, type);
    for (int y = 0; y < 2; y++) for (int x = 0; x < 3; x++) im.setRGB(x, y, PIXELS[y][x]);
    return im;
  }

  @Test
  void pngDecodesExactly() throws IOException {
    byte[] png = encode(buffered(BufferedImage.TYPE_INT_RGB), "png");
    assertImage(EXPECTED, ImageDecoder.decode(new CompressedImage(H, "png", png)));
    BufferedImage grey = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_GRAY);
    grey.getRaster().setSample(0, 0, 0, 40);
    grey.getRaster().setSample(1, 0, 0, 200);
    RgbImage g = ImageDecoder.decode(new CompressedImage(H, "mono8; png compressed", encode(grey, "png")));
    assertArrayEquals(new byte[] {40, 40, 40, (byte) 200, (byte) 200, (byte) 200}, g.rgb());
  }

  @Test
  void jpegDecodesCloseToItsSource() throws IOException {
    BufferedImage src = new BufferedImage(32, 16, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 16; y++) for (int x = 0; x < 32; x++) src.setRGB(x, y, (x * 8) << 16 | (y * 16) << 8 | 0x40);
    RgbImage im = ImageDecoder.decode(new CompressedImage(H, "rgb8; jpeg compressed bgr8", encode(src, "jpeg")));
    assertEquals(32, im.width());
    assertEquals(16, im.height());
    long error = 0;
    for (int y = 0; y < 16; y++) {
      for (int x = 0; x < 32; x++) {
        int o = (y * 32 + x) * 3;
        error += Math.abs((im.rgb()[o] & 0xff) - x * 8) + Math.abs((im.rgb()[o + 1] & 0xff) - y * 16)
            + Math.abs((im.rgb()[o + 2] & 0xff) - 0x40);
      }
    }
    assertTrue(error / (32.0 * 16 * 3) < 6, "mean absolute error " + error / (32.0 * 16 * 3));
  }

  @Test
  void corruptOrUnknownCompressedDataIsRejected() throws IOException {
    byte[] png = encode(buffered(BufferedImage.TYPE_INT_RGB), "png");
    ImageDecodeException cut = assertThrows(ImageDecodeException.class,
        () -> ImageDecoder.decode(new CompressedImage(H, "png", Arrays.copyOf(png, png.length / 2))));
    assertTrue(cut.getMessage().startsWith("compressed image (format 'png', " + png.length / 2 + " bytes): PNG ")
        && cut.getMessage().contains("(truncated"), cut.getMessage());
    ImageDecodeException other = assertThrows(ImageDecodeException.class,
        () -> ImageDecoder.decode(new CompressedImage(H, "tiff", new byte[] {'I', 'I', 42, 0})));
    assertTrue(other.getMessage().contains("format 'tiff', 4 bytes) is neither JPEG nor PNG"), other.getMessage());
  }

  @Test
  void realKittiFrameDecodesLikeImageIo() throws IOException {
    Path png = Fixtures.sharedData("kitti/object/image_2/000000.png");
    byte[] bytes = Files.readAllBytes(png);
    RgbImage im = ImageDecoder.decode(new CompressedImage(H, "png", bytes));
    BufferedImage reference = ImageIO.read(png.toFile());
    assertEquals(reference.getWidth(), im.width());
    assertEquals(reference.getHeight(), im.height());
    for (int y = 0; y < im.height(); y += 37) {
      for (int x = 0; x < im.width(); x += 53) {
        int o = (y * im.width() + x) * 3;
        int p = reference.getRGB(x, y);
        assertEquals(p & 0xffffff, (im.rgb()[o] & 0xff) << 16 | (im.rgb()[o + 1] & 0xff) << 8 | (im.rgb()[o + 2] & 0xff));
      }
    }
  }
}
