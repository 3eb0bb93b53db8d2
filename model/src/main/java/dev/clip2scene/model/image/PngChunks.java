package dev.clip2scene.model.image;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * The chunk structure of a PNG file (https://www.w3.org/TR/png/ section 5): every chunk's length fits the data
 * and its CRC matches, IHDR comes first and IEND last. The JDK's PNG decoder checks none of the CRCs and decodes
 * what a changed ancillary chunk says, so corruption outside the compressed pixels would pass unnoticed. Also gives
 * what the header declares, so the decoded size can be bounded before decoding.
 *
 * @param width pixels per row
 * @param height rows
 * @param bitsPerPixel bit depth x samples per pixel of the colour type
 * @param compressedBytes the IDAT chunks' data: deflate expands at most 1032:1, so it bounds the pixel data
 */
record PngChunks(long width, long height, int bitsPerPixel, long compressedBytes) {
  static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  /** deflate's most: a 258-byte match per 2 bits, about 1032:1 (zlib's technical details). */
  private static final long DEFLATE_MAX_RATIO = 1032;

  /** Checks DATA's chunks; WHAT names the image in errors. */
  static PngChunks check(byte[] data, String what) {
    ByteBuffer b = ByteBuffer.wrap(data); // PNG is big-endian
    int pos = SIGNATURE.length;
    long width = -1;
    long height = -1;
    int bits = 0;
    long idat = 0;
    CRC32 crc = new CRC32();
    while (true) {
      if (data.length - pos < 12) {
        throw new ImageFormatException(what + ": PNG ends at byte " + data.length + " without an IEND chunk "
            + "(truncated)");
      }
      long length = Integer.toUnsignedLong(b.getInt(pos));
      String type = new String(data, pos + 4, 4, StandardCharsets.ISO_8859_1);
      if (length > data.length - pos - 12L) {
        throw new ImageFormatException(what + ": PNG chunk '" + printable(type) + "' at byte " + pos + " declares "
            + length + " bytes, only " + (data.length - pos - 12) + " follow (truncated or corrupt)");
      }
      crc.reset();
      crc.update(data, pos + 4, 4 + (int) length);
      long stored = Integer.toUnsignedLong(b.getInt(pos + 8 + (int) length));
      if (crc.getValue() != stored) {
        throw new ImageFormatException(what + ": PNG chunk '" + printable(type) + "' at byte " + pos
            + " fails its CRC (corrupt)");
      }
      if (pos == SIGNATURE.length) {
        if (!type.equals("IHDR") || length != 13) {
          throw new ImageFormatException(what + ": PNG does not start with an IHDR chunk");
        }
        width = Integer.toUnsignedLong(b.getInt(pos + 8));
        height = Integer.toUnsignedLong(b.getInt(pos + 12));
        bits = (data[pos + 16] & 0xFF) * samples(data[pos + 17] & 0xFF);
      }
      if (type.equals("IDAT")) idat += length;
      pos += 12 + (int) length;
      if (type.equals("IEND")) break;
    }
    return new PngChunks(width, height, bits, idat);
  }

  /** Bytes of filtered pixel rows the IDAT data must inflate to (one filter byte a row); a double, never overflowing. */
  double rawBytes() {
    return height * (1 + Math.ceil(width * (double) bitsPerPixel / 8));
  }

  /** Whether the IDAT data can hold the declared pixels at deflate's best ratio (with a little slack). */
  boolean plausible() {
    return rawBytes() <= compressedBytes * (double) DEFLATE_MAX_RATIO + (64 << 10);
  }

  private static int samples(int colourType) {
    return switch (colourType) {
      case 0, 3 -> 1;
      case 4 -> 2;
      case 2 -> 3;
      case 6 -> 4;
      default -> 0;
    };
  }

  private static String printable(String type) {
    return type.chars().allMatch(c -> c >= 'A' && c <= 'z') ? type : "?";
  }
}
