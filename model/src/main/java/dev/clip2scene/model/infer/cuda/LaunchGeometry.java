package dev.clip2scene.model.infer.cuda;

/**
 * Grid sizes. Kernels loop over their elements (counted on the device) with whatever grid they get, so a grid is sized
 * for the planned capacity and capped at a few waves of the device's multiprocessors: blocks past the cloud's actual
 * count find no work and return.
 */
final class LaunchGeometry {
  /** Resident blocks per multiprocessor the caps allow for (256-thread blocks; twice that of 128-thread ones). */
  static final int WAVES = 8;

  private final int multiprocessors;

  LaunchGeometry(int multiprocessors) {
    if (multiprocessors < 1) throw new IllegalArgumentException(multiprocessors + " multiprocessors");
    this.multiprocessors = multiprocessors;
  }

  /** Blocks of THREADS for ELEMENTS independent elements (one thread each). */
  int elementwise(long elements, int threads) {
    return clamp((elements + threads - 1) / threads, multiprocessors * WAVES * 256L / threads);
  }

  /** Blocks of a convolution: one per tile of 64 rows x BN columns, for ROWS rows and COUT padded columns. */
  int convolution(long rows, int cout, int columnsPerTile, int threads) {
    long tiles = MemoryPlan.tiles(rows) * (long) ((cout + columnsPerTile - 1) / columnsPerTile);
    return clamp(tiles, multiprocessors * WAVES * 256L / threads);
  }

  /** Blocks of the tile-mask kernel: one per tile. */
  int tiles(long rows) {
    return clamp(MemoryPlan.tiles(rows), multiprocessors * WAVES);
  }

  /** Blocks of the labels kernel: a warp per row, 8 warps per block. */
  int warpPerRow(long rows) {
    return clamp((rows + 7) / 8, multiprocessors * WAVES);
  }

  private static int clamp(long blocks, long cap) {
    return (int) Math.max(1, Math.min(blocks, cap));
  }

  /** The float16 convolution kernel for COUT padded output columns, and its columns per tile. */
  static Kernel halfConvolution(int cout) {
    return cout % 64 == 0 ? Kernel.CONV_F16_N64 : cout % 32 == 0 ? Kernel.CONV_F16_N32 : Kernel.CONV_F16_N16;
  }

  static int columnsPerTile(Kernel conv) {
    return switch (conv) {
      case CONV_F16_N16 -> 16;
      case CONV_F16_N32 -> 32;
      case CONV_F16_N64, CONV_F32 -> 64;
      default -> throw new IllegalArgumentException(conv + " is not a convolution");
    };
  }
}
