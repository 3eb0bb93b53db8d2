package dev.clip2scene.model.infer.cuda;

import dev.clip2scene.model.clip.TensorSource;
import java.util.Random;

/**
 * Named weights drawn from a seed for any network, by their role in the name: convolution kernels with He scaling,
 * batch norms with non-trivial affine terms and statistics (so that folding matters), dense layers uniform. Not a
 * trained network: for checks and timings where only the arithmetic matters, on machines without DJL.
 */
public final class SeededWeights implements TensorSource {
  private final long seed;

  public SeededWeights(long seed) {
    this.seed = seed;
  }

  @Override
  public String describe() {
    return "weights from seed " + seed;
  }

  @Override
  public boolean contains(String name) {
    return true;
  }

  @Override
  public long[] shape(String name) {
    throw new UnsupportedOperationException("ask with the expected shape");
  }

  @Override
  public float[] floats(String name) {
    throw new UnsupportedOperationException("ask with the expected shape");
  }

  @Override
  public float[] floats(String name, long... shape) {
    long size = 1;
    for (long s : shape) size *= s;
    float[] v = new float[Math.toIntExact(size)];
    Random r = new Random(seed * 1_000_003L + name.hashCode());
    for (int i = 0; i < v.length; i++) {
      if (name.endsWith(".kernel")) v[i] = (float) (r.nextGaussian() * Math.sqrt(2.0 / (shape[0] * shape[1])));
      else if (name.endsWith("running_var")) v[i] = 0.5f + 1.5f * r.nextFloat();
      else if (name.endsWith("running_mean")) v[i] = r.nextFloat() - 0.5f;
      else if (name.contains("bn") && name.endsWith(".weight")) v[i] = 0.5f + r.nextFloat();
      else if (name.contains("bn") && name.endsWith(".bias")) v[i] = 0.4f * (r.nextFloat() - 0.5f);
      else v[i] = (float) ((r.nextDouble() * 2 - 1) / Math.sqrt(shape[0]));
    }
    return v;
  }
}
