package dev.clip2scene.model.sparse;

/**
 * Input -> output voxel pairs of a sparse convolution, grouped by kernel offset: pairs
 * {@code offsetStart[k] .. offsetStart[k+1]-1} use weight slice k. When {@code center >= 0} that offset is the
 * identity (output i reads input i) and is left out of the pair lists: it is a plain matrix product.
 *
 * @param uniqueOutputs every output receives exactly one pair (transposed stride-2 maps), so no summation is needed
 */
public record KernelMap(
    int volume, int center, int[] offsetStart, int[] in, int[] out, int inCount, int outCount, boolean uniqueOutputs) {

  /** The 1x1 convolution: only the identity offset. */
  public static KernelMap pointwise(int count) {
    return new KernelMap(1, 0, new int[] {0, 0}, new int[0], new int[0], count, count, false);
  }

  public int pairs() {
    return in.length;
  }

  public int pairs(int offset) {
    return offsetStart[offset + 1] - offsetStart[offset];
  }

  /** Multiply-accumulates of a convolution with these pairs: every pair (and identity row) is a Cin x Cout product. */
  public long macs(int inChannels, int outChannels) {
    long rows = in.length + (center >= 0 ? outCount : 0);
    return rows * inChannels * outChannels;
  }

  /** The map of the transposed convolution: same pairs and offsets, inputs and outputs swapped. */
  public KernelMap transpose() {
    if (center >= 0) throw new IllegalStateException("transposing a map with an identity offset");
    boolean unique = in.length == inCount;
    return new KernelMap(volume, -1, offsetStart, out, in, outCount, inCount, unique);
  }
}
