package dev.clip2scene.model.image;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.clip2scene.testkit.Allocations;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Seeded mutants of JPEG (baseline colour and grey, progressive) and PNG (RGB, RGBA, 16-bit grey, palette) images:
 * truncations, zeroed ranges, flipped bits, and headers declaring other sizes (JPEG SOF, PNG IHDR with its CRC
 * recomputed, as a hostile file would). Decoding must return an image or throw ImageFormatException, never more,
 * within bounded memory. A PNG carries a CRC on every chunk, so any change to one must be an error; a JPEG has no
 * checksum, so only its truncation must be (a changed byte may decode to other pixels).
 */
class ImageFuzzTest {
  private static final long SEED = 14_0005L;
  private static final int PER_IMAGE = 3_000;
  /** A JPEG may declare at most 512 pixels a data byte, each decoded to a raster pixel and an RGB copy. */
  private static final long BYTES_PER_INPUT_BYTE = 8 * 512;
  private static final long FIXED_BYTES = 16L << 20;
  private static final int[] SIZES = {0, 1, 2, 7, 255, 4096, 8192, 65_535, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF};

  private record Base(String name, byte[] bytes, boolean png) {}

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void mutatedJpegAndPngFailCleanlyWithinBoundedMemory() throws IOException {
    List<Base> bases = new ArrayList<>();
    bases.add(new Base("jpeg rgb", EncodedImageTest.encode(picture(BufferedImage.TYPE_3BYTE_BGR), "jpeg"), false));
    bases.add(new Base("jpeg grey", EncodedImageTest.encode(picture(BufferedImage.TYPE_BYTE_GRAY), "jpeg"), false));
    bases.add(new Base("jpeg progressive", progressive(picture(BufferedImage.TYPE_3BYTE_BGR)), false));
    bases.add(new Base("png rgb", EncodedImageTest.encode(picture(BufferedImage.TYPE_3BYTE_BGR), "png"), true));
    bases.add(new Base("png rgba", EncodedImageTest.encode(picture(BufferedImage.TYPE_INT_ARGB), "png"), true));
    bases.add(new Base("png grey16", EncodedImageTest.encode(picture(BufferedImage.TYPE_USHORT_GRAY), "png"), true));
    bases.add(new Base("png palette", EncodedImageTest.encode(picture(BufferedImage.TYPE_BYTE_INDEXED), "png"), true));
    bases.add(new Base("png grey", EncodedImageTest.encode(picture(BufferedImage.TYPE_BYTE_GRAY), "png"), true));
    Random rnd = new Random(SEED);
    int decoded = 0;
    int refused = 0;
    for (Base b : bases) {
      EncodedImage.decode(b.bytes(), b.name(), ImageLimits.DEFAULT); // intact: decodes
      for (int i = 0; i < PER_IMAGE; i++) {
        int kind = rnd.nextInt(5);
        byte[] m = mutate(b, kind, rnd);
        boolean changed = !Arrays.equals(m, b.bytes());
        long before = Allocations.allocatedBytes();
        boolean ok;
        try {
          EncodedImage.decode(m, b.name(), ImageLimits.DEFAULT);
          ok = true;
          decoded++;
        } catch (ImageFormatException e) {
          ok = false;
          refused++;
          if (!e.getMessage().startsWith(b.name() + ": ")) fail("error does not name the image: " + e.getMessage());
        } catch (Throwable t) {
          throw new AssertionError(b.name() + " mutant " + i + " (kind " + kind + ") threw " + t, t);
        }
        long allocated = Allocations.allocatedBytes() - before;
        if (allocated > FIXED_BYTES + BYTES_PER_INPUT_BYTE * m.length) {
          fail(b.name() + " mutant " + i + " (kind " + kind + ", " + m.length + " bytes) allocated " + allocated);
        }
        boolean truncated = m.length < b.bytes().length && kind == 0;
        boolean headerWithFixedCrc = kind == 3;
        if (ok && (truncated || (b.png() && changed && !headerWithFixedCrc))) {
          fail(b.name() + " mutant " + i + " (kind " + kind + ") decoded although damaged");
        }
      }
    }
    int total = bases.size() * PER_IMAGE;
    System.out.println("image fuzz: " + total + " inputs, " + decoded + " decoded, " + refused + " refused");
    assertTrue(decoded > total / 20 && refused > total / 2, decoded + " decoded, " + refused + " refused");
  }

  private static BufferedImage picture(int type) {
    return EncodedImageTest.picture(48, 32, type, type);
  }

  private static byte[] progressive(BufferedImage im) throws IOException {
    ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
    ImageWriteParam p = w.getDefaultWriteParam();
    p.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
      w.setOutput(ios);
      w.write(null, new IIOImage(im, null, null), p);
    } finally {
      w.dispose();
    }
    return out.toByteArray();
  }

  /** 0 truncate, 1 zero a range, 2 flip a bit, 3 declare another size in the header, 4 flip in the first bytes. */
  private static byte[] mutate(Base b, int kind, Random rnd) {
    byte[] o = b.bytes();
    byte[] m = o.clone();
    switch (kind) {
      case 0 -> {
        return Arrays.copyOf(o, rnd.nextInt(o.length));
      }
      case 1 -> {
        int from = rnd.nextInt(o.length);
        Arrays.fill(m, from, Math.min(o.length, from + 1 + rnd.nextInt(256)), (byte) 0);
      }
      case 2 -> m[rnd.nextInt(o.length)] ^= (byte) (1 << rnd.nextInt(8));
      case 3 -> {
        if (b.png()) {
          ByteBuffer bb = ByteBuffer.wrap(m);
          bb.putInt(16 + 4 * rnd.nextInt(2), SIZES[rnd.nextInt(SIZES.length)]);
          if (rnd.nextBoolean()) m[24] = (byte) new int[] {1, 2, 4, 8, 16, 3}[rnd.nextInt(6)];
          CRC32 crc = new CRC32();
          crc.update(m, 12, 17);
          bb.putInt(29, (int) crc.getValue());
        } else {
          int sof = EncodedImageTest.sof(m);
          ByteBuffer.wrap(m).putShort(sof + 5 + 2 * rnd.nextInt(2), (short) SIZES[rnd.nextInt(SIZES.length)]);
        }
      }
      default -> m[rnd.nextInt(Math.min(64, o.length))] ^= (byte) (1 << rnd.nextInt(8));
    }
    return m;
  }
}
