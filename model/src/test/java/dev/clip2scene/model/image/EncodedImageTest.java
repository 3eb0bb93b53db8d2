package dev.clip2scene.model.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clip2scene.testkit.Allocations;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** Issue 14 item 5: truncated and corrupt JPEG/PNG are errors, and sizes are bounded in bytes before decoding. */
class EncodedImageTest {
  /** A noisy gradient, so that compression leaves real data in every part of the file. */
  static BufferedImage picture(int w, int h, int type, long seed) {
    BufferedImage im = new BufferedImage(w, h, type);
    Random rnd = new Random(seed);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) im.setRGB(x, y, ((x * 5) << 16 | (y * 7) << 8 | (x + y) * 3) ^ rnd.nextInt(24));
    }
    return im;
  }

  static byte[] encode(BufferedImage im, String format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(im, format, out)) throw new IllegalStateException("no " + format + " writer");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static ImageFormatException refused(byte[] data) {
    return assertThrows(ImageFormatException.class, () -> EncodedImage.decode(data, "img", ImageLimits.DEFAULT));
  }

  @Test
  void intactImagesDecode() {
    BufferedImage src = picture(96, 64, BufferedImage.TYPE_3BYTE_BGR, 1);
    for (String format : new String[] {"png", "jpeg"}) {
      RgbImage im = EncodedImage.toRgb(EncodedImage.decode(encode(src, format), "img", ImageLimits.DEFAULT));
      assertEquals(96, im.width());
      assertEquals(64, im.height());
    }
  }

  /** The JDK decoder fills the rows a truncated JPEG lacks with grey and only warns; that is an error here. */
  @Test
  void truncatedOrZeroedJpegIsAnError() {
    byte[] jpeg = encode(picture(320, 240, BufferedImage.TYPE_3BYTE_BGR, 2), "jpeg");
    for (double keep : new double[] {0.95, 0.6, 0.3}) {
      ImageFormatException e = refused(Arrays.copyOf(jpeg, (int) (jpeg.length * keep)));
      assertTrue(e.getMessage().startsWith("img: JPEG data is truncated or corrupt (the decoder says: "), e.getMessage());
    }
    byte[] zeroed = jpeg.clone();
    Arrays.fill(zeroed, jpeg.length / 2, jpeg.length * 3 / 4, (byte) 0);
    assertTrue(refused(zeroed).getMessage().contains("truncated or corrupt"));
  }

  @Test
  void truncatedOrCorruptPngIsAnError() {
    byte[] png = encode(picture(96, 64, BufferedImage.TYPE_3BYTE_BGR, 3), "png");
    assertTrue(refused(Arrays.copyOf(png, png.length - 3)).getMessage().contains("(truncated"));
    assertTrue(refused(Arrays.copyOf(png, png.length / 2)).getMessage().contains("(truncated"));
    byte[] flipped = png.clone();
    flipped[png.length / 2] ^= 0x10;
    assertTrue(refused(flipped).getMessage().contains("fails its CRC (corrupt)"), refused(flipped).getMessage());
  }

  /** A JPEG header claiming 8192 x 8192 over 2 KiB of data: refused from the header, before any raster exists. */
  @Test
  void jpegWhoseHeaderClaimsMoreThanItsDataIsRefusedBeforeDecoding() {
    byte[] jpeg = encode(picture(64, 32, BufferedImage.TYPE_3BYTE_BGR, 4), "jpeg");
    assertTrue(jpeg.length < 4096, "small JPEG: " + jpeg.length);
    int sof = sof(jpeg);
    ByteBuffer.wrap(jpeg).putShort(sof + 5, (short) 8192).putShort(sof + 7, (short) 8192);
    refused(jpeg); // loads the classes
    long before = Allocations.allocatedBytes();
    ImageFormatException e = refused(jpeg);
    assertTrue(Allocations.allocatedBytes() - before < 4L << 20, "allocated " + (Allocations.allocatedBytes() - before));
    assertTrue(e.getMessage().contains("declares 8192 x 8192 pixels, which need at least 131072 bytes"), e.getMessage());
  }

  /** Pixels are not bytes: a 16-bit RGBA PNG of 8192 x 8192 would take 512 MiB decoded (plus the RGB copy). */
  @Test
  void sixteenBitRgbaPngIsMeasuredInBytes() {
    byte[] idat = new byte[540_000]; // enough for deflate's best ratio: the header is plausible, only too big
    new Random(5).nextBytes(idat);
    byte[] png = pngWithIdat(8192, 8192, 16, 6, idat);
    long before = Allocations.allocatedBytes();
    ImageFormatException e = refused(png);
    assertTrue(Allocations.allocatedBytes() - before < 8L << 20);
    assertTrue(e.getMessage().contains("8192 x 8192 pixels of 8 bytes would take 738197504 bytes decoded, more than "
        + "the limit of 268435456"), e.getMessage());

    // a header whose pixels the compressed data cannot hold, even within the limits
    byte[] bomb = png(4000, 4000, 8, 2, new byte[64]);
    assertTrue(refused(bomb).getMessage().contains("more than its"), refused(bomb).getMessage());

    // the byte limit alone, on a real 16-bit image
    BufferedImage deep = new BufferedImage(64, 64, BufferedImage.TYPE_USHORT_GRAY);
    byte[] grey16 = encode(deep, "png");
    ImageFormatException bytes = assertThrows(ImageFormatException.class,
        () -> EncodedImage.decode(grey16, "deep", new ImageLimits(1 << 20, 64 * 64 * 4)));
    assertTrue(bytes.getMessage().contains("64 x 64 pixels of 2 bytes would take 20480 bytes decoded"),
        bytes.getMessage());
  }

  /** Offset of the SOF0/SOF2 marker of JPEG. */
  static int sof(byte[] jpeg) {
    int pos = 2;
    while (pos < jpeg.length - 4) {
      int marker = jpeg[pos + 1] & 0xFF;
      if (marker == 0xC0 || marker == 0xC2) return pos;
      pos += 2 + (((jpeg[pos + 2] & 0xFF) << 8) | (jpeg[pos + 3] & 0xFF));
    }
    throw new IllegalStateException("no SOF marker");
  }

  /** A PNG with the given header whose one IDAT holds ROWS deflated (valid CRCs throughout). */
  static byte[] png(int width, int height, int depth, int colourType, byte[] rows) {
    Deflater d = new Deflater();
    d.setInput(rows);
    d.finish();
    byte[] buf = new byte[rows.length + 1024];
    int n = d.deflate(buf);
    return pngWithIdat(width, height, depth, colourType, Arrays.copyOf(buf, n));
  }

  static byte[] pngWithIdat(int width, int height, int depth, int colourType, byte[] idat) {
    ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) depth).put((byte) colourType)
        .put((byte) 0).put((byte) 0).put((byte) 0);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(PngChunks.SIGNATURE);
    chunk(out, "IHDR", ihdr.array());
    chunk(out, "IDAT", idat);
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
    byte[] t = type.getBytes(StandardCharsets.US_ASCII);
    CRC32 crc = new CRC32();
    crc.update(t);
    crc.update(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
    out.writeBytes(t);
    out.writeBytes(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }
}
