package dev.clip2scene.model.train;

import java.util.Random;

/**
 * The reference's cloud augmentations, applied to the network's input only (pairing uses the recorded geometry): a
 * uniform rotation about z and, each with probability 0.5, mirroring across the x and the y axis.
 */
public record CloudAugmentation(boolean rotateZ, boolean flip) {
  public float[] apply(float[] xyzi, int stride, Random random) {
    double angle = rotateZ ? random.nextDouble() * 2 * Math.PI : 0;
    boolean flipX = flip && random.nextBoolean();
    boolean flipY = flip && random.nextBoolean();
    float c = (float) Math.cos(angle);
    float s = (float) Math.sin(angle);
    float[] out = xyzi.clone();
    for (int i = 0; i < out.length; i += stride) {
      float x = out[i], y = out[i + 1];
      float rx = c * x - s * y;
      float ry = s * x + c * y;
      out[i] = flipX ? -rx : rx;
      out[i + 1] = flipY ? -ry : ry;
    }
    return out;
  }
}
