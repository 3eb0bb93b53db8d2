package dev.clip2scene.model.infer;

/**
 * Names a kernel map of a batch's geometry, so that a network's topology can be written once for every engine:
 * each engine builds or looks up the map itself.
 *
 * @param level voxel level (0 = the voxelization's size, level l = 2^l times it)
 * @param kernel odd kernel size of a submanifold map; 2 for the stride-2 maps
 */
public record MapRef(Kind kind, int level, int kernel) {
  public enum Kind {
    /** Outputs are the level's voxels; inputs their neighbours within the kernel. */
    SUBMANIFOLD,
    /** Stride 2 from LEVEL to LEVEL + 1: each voxel feeds the voxel of twice the size containing it. */
    DOWN,
    /** The transpose of DOWN: from LEVEL + 1 back to LEVEL's voxels. */
    UP
  }

  public MapRef {
    if (level < 0) throw new IllegalArgumentException("level " + level);
    if (kind == Kind.SUBMANIFOLD ? kernel < 1 || kernel % 2 == 0 : kernel != 2) {
      throw new IllegalArgumentException(kind + " map of kernel size " + kernel);
    }
  }

  public static MapRef submanifold(int level, int kernel) {
    return new MapRef(Kind.SUBMANIFOLD, level, kernel);
  }

  public static MapRef down(int level) {
    return new MapRef(Kind.DOWN, level, 2);
  }

  public static MapRef up(int level) {
    return new MapRef(Kind.UP, level, 2);
  }

  /** Kernel offsets of the map: kernel^3, or 8 for the stride-2 maps. */
  public int volume() {
    return kernel * kernel * kernel;
  }

  /** The level of the map's input rows. */
  public int inputLevel() {
    return kind == Kind.DOWN ? level : kind == Kind.UP ? level + 1 : level;
  }

  /** The level of the map's output rows. */
  public int outputLevel() {
    return kind == Kind.DOWN ? level + 1 : level;
  }
}
