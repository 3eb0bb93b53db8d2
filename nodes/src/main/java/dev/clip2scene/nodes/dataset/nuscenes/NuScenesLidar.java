package dev.clip2scene.nodes.dataset.nuscenes;

import dev.clip2scene.nodes.dataset.LearningMap;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * nuScenes LiDAR files: {@code .pcd.bin} sweeps (5 little-endian float32 per point: x, y, z, intensity, ring) and
 * lidarseg {@code .bin} labels (one uint8 raw class per point), mapped to the 16 training ids of the bundled nuscenes
 * vocabulary through the lidarseg learning map ({@code data/nuscenes/lidarseg-learning-map.txt}).
 */
public final class NuScenesLidar {
  public static final int IGNORE = 255;
  private static final int FLOATS = 5;
  private static final int[] MAP = LearningMap.load("/data/nuscenes/lidarseg-learning-map.txt", 256, IGNORE);

  private NuScenesLidar() {}

  /** A sweep: x, y, z, intensity per point, and the ring (laser) index per point. */
  public record Sweep(float[] xyzi, int[] ring) {
    public int size() {
      return ring.length;
    }
  }

  public static Sweep read(Path file, String token) throws IOException {
    if (!Files.isRegularFile(file)) throw new NuScenesFormatException(file, "missing LiDAR file of sample_data " + token);
    long size = Files.size(file);
    if (size % (4 * FLOATS) != 0) {
      throw new NuScenesFormatException(file, "size " + size + " bytes is not a multiple of 20 (5 float32 per point; truncated?), sample_data " + token);
    }
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    int n = (int) (size / (4 * FLOATS));
    float[] xyzi = new float[4 * n];
    int[] ring = new int[n];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < 4; k++) xyzi[4 * i + k] = b.getFloat();
      float r = b.getFloat();
      if (!(r >= 0 && r < 65536 && r == Math.rint(r))) {
        throw new NuScenesFormatException(file, "point " + i + " (byte offset " + (i * 20 + 16) + ") has ring " + r + ", not a laser index; sample_data " + token);
      }
      ring[i] = (int) r;
    }
    return new Sweep(xyzi, ring);
  }

  /** Training ids of the POINTS labels in FILE (255 = ignore). */
  public static int[] labels(Path file, int points, String token) throws IOException {
    if (!Files.isRegularFile(file)) throw new NuScenesFormatException(file, "missing lidarseg file of sample_data " + token);
    long size = Files.size(file);
    if (size != points) throw new NuScenesFormatException(file, size + " labels for the " + points + " points of sample_data " + token);
    byte[] raw = Files.readAllBytes(file);
    int[] out = new int[points];
    for (int i = 0; i < points; i++) out[i] = MAP[raw[i] & 0xff];
    return out;
  }
}
