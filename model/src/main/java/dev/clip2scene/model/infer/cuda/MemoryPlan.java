package dev.clip2scene.model.infer.cuda;

import dev.clip2scene.model.infer.MapRef;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every device buffer one cloud needs, sized for a capacity of points (voxels of any level never outnumber the points,
 * so every level is sized for the capacity too). The buffers are allocated together, once per capacity; a cloud that
 * fits allocates nothing. Names are the engine's handles on them.
 */
final class MemoryPlan {
  /** Bytes of the cloud buffer before the points: the state (C2sState), padded. */
  static final int STATE_BYTES = 256;
  // the kernels' constants, from their header
  static final int SCAN_BLOCKS = ParamLayout.kernels().constant("C2S_SCAN_BLOCKS");
  static final int SORT_BLOCKS = ParamLayout.kernels().constant("C2S_SORT_BLOCKS");
  static final int TILE_ROWS = ParamLayout.kernels().constant("C2S_TILE_ROWS");
  static final int MASK_WORDS = ParamLayout.kernels().constant("C2S_MASK_WORDS");
  static final int LEVELS = ParamLayout.kernels().constant("C2S_LEVELS");

  private final Map<String, Long> bytes = new LinkedHashMap<>();
  final int capacity;
  final int stride;
  final int classCapacity;

  /**
   * @param capacity points (and voxels per level) the buffers hold
   * @param stride floats per input point (x, y, z, features)
   * @param classCapacity classes the logits and the head folded with the text embeddings hold
   */
  MemoryPlan(NetworkProgram program, ActivationSlots slots, int capacity, int stride, boolean half, int classCapacity) {
    this.capacity = capacity;
    this.stride = stride;
    this.classCapacity = classCapacity;
    long p = capacity;
    int element = half ? 2 : 4;
    add("cloud", STATE_BYTES + 4L * stride * p);
    add("coords", 16 * p);
    add("flags", 4 * p);
    add("position", 4 * p);
    add("rowOf", 4 * p);
    add("keysA", 8 * p);
    add("keysB", 8 * p);
    add("valsA", 4 * p);
    add("valsB", 4 * p);
    add("histogram", 8L * 256 * SORT_BLOCKS);
    add("partial", 8L * SCAN_BLOCKS);
    add("runs", 4 * p);
    add("pointVoxel0", 4 * p);
    for (int l = 0; l <= program.levels; l++) {
      add(keys(l), 8 * p);
      add(pointStart(l), 4 * (p + 1));
      if (l > 0) {
        add(childStart(l), 4 * (p + 1));
        add(parent(l), 4 * p);
        add(up(l - 1), 32 * p);
      }
    }
    for (MapRef m : program.maps) {
      if (m.kind() == MapRef.Kind.SUBMANIFOLD) add(table(m), 4L * m.volume() * p);
      if (m.kind() == MapRef.Kind.DOWN) add(table(m), 32 * p);
      add(mask(m), 4L * MASK_WORDS * tiles(capacity));
    }
    int pointLevels = program.pointLevels.stream().mapToInt(Integer::intValue).max().orElse(0);
    for (int l = 1; l <= pointLevels; l++) add(pointVoxel(l), 4 * p);
    for (int l : program.trilinearLevels) {
      add(interpolationIndex(l), 32 * p);
      add(interpolationWeight(l), 32 * p);
    }
    for (int s = 0; s < slots.count(); s++) add(slot(s), (long) element * slots.width(s) * p);
    int classes = NetworkProgram.padded(classCapacity);
    add("textWeight", WeightPacking.weightBytes(1, program.head.input().paddedWidth(), classes, half));
    add("textBias", 4L * classes);
    add("classes", 8);
    add("logits", 4L * classes * p);
    add("rowLabels", 4 * p);
    add("rowScores", 4 * p);
    add("outLabels", 4 * p);
    add("outScores", 4 * p);
  }

  /** The buffers features take besides the plan's: the head's rows, and each point's features. */
  static Map<String, Long> featureBuffers(NetworkProgram program, int capacity, boolean half) {
    Map<String, Long> b = new LinkedHashMap<>();
    int dim = program.head.conv().out();
    b.put("features", (long) (half ? 2 : 4) * NetworkProgram.padded(dim) * capacity);
    b.put("outFeatures", 4L * dim * capacity);
    return b;
  }

  private void add(String name, long size) {
    if (bytes.put(name, size) != null) throw new IllegalStateException("buffer " + name + " planned twice");
  }

  static int tiles(long rows) {
    return (int) ((rows + TILE_ROWS - 1) / TILE_ROWS);
  }

  static String keys(int level) {
    return "keys" + level;
  }

  /** Level l's voxels' first point rows (level 0: also its voxels' first sorted points), one more for the end. */
  static String pointStart(int level) {
    return "pointStart" + level;
  }

  /** Level l's voxels' first level l-1 voxel, one more for the end. */
  static String childStart(int level) {
    return "childStart" + level;
  }

  /** For each voxel of level l-1, its parent at level l. */
  static String parent(int level) {
    return "parent" + level;
  }

  /** The transposed stride-2 map from level l+1 to level l (8 x capacity). */
  static String up(int level) {
    return "up" + level;
  }

  /** A map's neighbour table (the UP maps' is their up buffer). */
  static String table(MapRef m) {
    return switch (m.kind()) {
      case SUBMANIFOLD -> "submanifold" + m.kernel() + "@" + m.level();
      case DOWN -> "down@" + m.level();
      case UP -> up(m.level());
    };
  }

  static String mask(MapRef m) {
    return "mask:" + table(m);
  }

  /** Each point row's voxel at level l (level 0: pointVoxel0). */
  static String pointVoxel(int level) {
    return level == 0 ? "pointVoxel0" : "pointVoxel" + level;
  }

  static String interpolationIndex(int level) {
    return "interpolationIndex" + level;
  }

  static String interpolationWeight(int level) {
    return "interpolationWeight" + level;
  }

  static String slot(int s) {
    return "slot" + s;
  }

  Map<String, Long> buffers() {
    return Collections.unmodifiableMap(bytes);
  }

  long totalBytes() {
    long t = 0;
    for (long b : bytes.values()) t += b;
    return t;
  }

  /** Capacity for N points: room to grow by a quarter, in steps of 4096, at least 8192. */
  static int capacityFor(int n) {
    long want = Math.max(8192L, (long) n + n / 4);
    return Math.toIntExact((want + 4095) / 4096 * 4096);
  }
}
