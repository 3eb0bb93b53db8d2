package dev.clip2scene.model.teacher;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What a teacher output depends on: the source (bag), the image topic and stamp, the teacher's weights (a hash)
 * and the crop it saw. Two keys name the same cached output exactly when all parts agree.
 */
public record TeacherKey(String source, String topic, long stampNs, String weightsHash, Crop crop) {
  /** A pixel rectangle of the original image, resized to outWidth x outHeight before the teacher ran. */
  public record Crop(int x, int y, int width, int height, int outWidth, int outHeight, boolean flipped) {
    public static Crop whole(int width, int height) {
      return new Crop(0, 0, width, height, width, height, false);
    }

    /**
     * Maps pixel (U, V) of the original image into the crop's output image (outWidth x outHeight), written to
     * OUT[0..1]; false when the pixel lies outside the crop.
     */
    public boolean map(float u, float v, float[] out) {
      if (u < x || v < y || u >= x + width || v >= y + height) return false;
      float cu = (u - x) * outWidth / width;
      out[0] = flipped ? outWidth - cu : cu;
      out[1] = (v - y) * outHeight / height;
      return true;
    }
  }

  /** A file-name-safe digest of every part. */
  public String digest() {
    String text = String.join("\u0000", source, topic, Long.toString(stampNs), weightsHash,
        crop.x() + "," + crop.y() + "," + crop.width() + "," + crop.height() + "," + crop.outWidth() + ","
            + crop.outHeight() + "," + crop.flipped());
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
