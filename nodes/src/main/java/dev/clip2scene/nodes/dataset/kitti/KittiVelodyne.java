package dev.clip2scene.nodes.dataset.kitti;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** KITTI velodyne scans (.bin): little-endian float32 records x, y, z, reflectance (16 bytes per point). */
public final class KittiVelodyne {
  public static final int STRIDE = 4;
  /** Far above a real scan (about 2 MB); guards against reading an unrelated huge file into memory. */
  private static final long MAX_BYTES = 256L << 20;

  private KittiVelodyne() {}

  /** The scan as x, y, z, reflectance per point (stride {@link #STRIDE}). */
  public static float[] read(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size % (4 * STRIDE) != 0) {
        throw new KittiFormatException(file, "size " + size + " bytes is not a multiple of 16 (x, y, z, reflectance "
            + "as float32): truncated or not a velodyne scan");
      }
      if (size > MAX_BYTES) throw new KittiFormatException(file, "size " + size + " bytes exceeds " + MAX_BYTES);
      ByteBuffer buf = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
      while (buf.hasRemaining()) {
        if (ch.read(buf) < 0) throw new KittiFormatException(file, "ended after " + buf.position() + " bytes");
      }
      buf.flip();
      float[] points = new float[(int) (size / 4)];
      buf.asFloatBuffer().get(points);
      return points;
    }
  }
}
