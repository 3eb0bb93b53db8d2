package dev.clip2scene.nodes.dataset.kitti;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** The size of a PNG image from its IHDR chunk, without decoding the pixels. */
public record PngHeader(int width, int height) {
  private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  public static PngHeader read(Path file) throws IOException {
    byte[] head = new byte[24];
    int n;
    try (InputStream in = Files.newInputStream(file)) {
      n = in.readNBytes(head, 0, head.length);
    }
    if (n < head.length || !Arrays.equals(Arrays.copyOf(head, 8), SIGNATURE)) {
      throw new KittiFormatException(file, "not a PNG file (bad signature or shorter than a PNG header)");
    }
    ByteBuffer b = ByteBuffer.wrap(head); // PNG is big-endian
    if (b.getInt(8) != 13 || b.getInt(12) != 0x49484452) {
      throw new KittiFormatException(file, "PNG does not start with an IHDR chunk");
    }
    int width = b.getInt(16), height = b.getInt(20);
    if (width <= 0 || height <= 0) throw new KittiFormatException(file, "PNG size " + width + "x" + height);
    return new PngHeader(width, height);
  }
}
