package dev.clip2scene.model.infer;

import dev.clip2scene.model.sparse.KernelMap;
import dev.clip2scene.model.sparse.SparseGeometry;
import dev.clip2scene.model.sparse.SparseRows;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * One eval-mode forward pass on the CPU engine: the batch's geometry, the pair plans of its kernel maps and the
 * row operations the networks are made of. Every operation writes a fresh array; rows are split across the
 * engine's threads so that no two threads write one row, and each row sums in a fixed order (deterministic).
 */
public final class FusedPass implements Layers<FeatureRows> {
  private static final Object IOTA = new Object(); // key of the cached 0..n-1 row index in plans
  private final CpuEngine engine;
  private final SparseGeometry geometry;
  private final RowArena arena;
  private final Map<Object, Object> plans = new IdentityHashMap<>();
  private long macs;

  /** A pass whose arrays are all freshly allocated. */
  public FusedPass(CpuEngine engine, SparseGeometry geometry) {
    this(engine, geometry, null);
  }

  /** A pass whose arrays come from the arena (null: fresh ones); the caller recycles the arena after the pass. */
  public FusedPass(CpuEngine engine, SparseGeometry geometry, RowArena arena) {
    this.engine = engine;
    this.geometry = geometry;
    this.arena = arena;
  }

  private FeatureRows allocate(int rows, int cols) {
    int size = Math.multiplyExact(rows, cols);
    return new FeatureRows(arena == null ? new float[size] : arena.take(size), rows, cols);
  }

  public SparseGeometry geometry() {
    return geometry;
  }

  /** Multiply-accumulates of the convolutions and dense layers run so far (same count as the autograd path). */
  public long macs() {
    return macs;
  }

  @Override
  public FeatureRows voxelInput() {
    var b = geometry.batch();
    FeatureRows x = allocate(b.voxelCount(), b.channels());
    System.arraycopy(b.voxelFeatures(), 0, x.values(), 0, b.voxelCount() * b.channels());
    return x;
  }

  /** y = [relu](x conv W + b [+ add]) over the map's pairs. */
  public FeatureRows conv(FoldedConv c, FeatureRows x, KernelMap map, FeatureRows add) {
    if (c.volume() != map.volume()) throw new IllegalArgumentException("kernel map of volume " + map.volume() + " for a convolution of volume " + c.volume());
    requireShape("convolution input", x, map.inCount(), c.in());
    int rows = map.outCount();
    if (add != null) requireShape("added rows", add, rows, c.out());
    PairPlan plan = (PairPlan) plans.computeIfAbsent(map, m -> PairPlan.of(map));
    int[] identity = map.center() >= 0 ? iota(rows) : null;
    FeatureRows y = allocate(rows, c.out());
    int cin = c.in();
    int cout = c.out();
    float[] yv = y.values();
    engine.forRows(rows, (r0, r1) -> {
      start(yv, cout, r0, r1, c.bias(), add);
      if (identity != null) RowKernel.accumulate(x.values(), cin, c.weight(), map.center() * cin * cout, cout, yv, identity, identity, r0, r1);
      for (int k = 0; k < map.volume(); k++) {
        if (k == map.center()) continue;
        int s = plan.lowerBound(k, r0);
        int e = plan.lowerBound(k, r1);
        if (s < e) RowKernel.accumulate(x.values(), cin, c.weight(), k * cin * cout, cout, yv, plan.in(), plan.out(), s, e);
      }
      if (c.relu()) RowKernel.relu(yv, r0 * cout, r1 * cout);
    });
    macs += map.macs(cin, cout);
    return y;
  }

  @Override
  public FeatureRows conv(FoldedConv c, FeatureRows x, MapRef map, FeatureRows add) {
    return conv(c, x, kernelMap(map), add);
  }

  private KernelMap kernelMap(MapRef map) {
    return switch (map.kind()) {
      case SUBMANIFOLD -> geometry.submanifold(map.level(), map.kernel());
      case DOWN -> geometry.down(map.level());
      case UP -> geometry.up(map.level());
    };
  }

  @Override
  public FeatureRows toPoints(FeatureRows voxels, int level, boolean nearest, FeatureRows plus) {
    FeatureRows points = nearest ? gather(voxels, geometry.pointVoxel(level)) : multiply(geometry.interpolation(level, false), voxels);
    return plus == null ? points : add(points, plus);
  }

  @Override
  public FeatureRows average(FeatureRows points, int level) {
    return multiply(geometry.average(level), points);
  }

  @Override
  public FeatureRows dense(FoldedConv c, FeatureRows x) {
    return conv(c, x, KernelMap.pointwise(x.rows()), null);
  }

  @Override
  public FeatureRows concat(FeatureRows a, FeatureRows b) {
    if (a.rows() != b.rows()) throw new IllegalArgumentException("joining " + a.rows() + " rows with " + b.rows());
    int cols = a.cols() + b.cols();
    FeatureRows y = allocate(a.rows(), cols);
    engine.forRows(a.rows(), (r0, r1) -> {
      for (int r = r0; r < r1; r++) {
        System.arraycopy(a.values(), r * a.cols(), y.values(), r * cols, a.cols());
        System.arraycopy(b.values(), r * b.cols(), y.values(), r * cols + a.cols(), b.cols());
      }
    });
    return y;
  }

  /** Row i of the result is row index[i] of x. */
  public FeatureRows gather(FeatureRows x, int[] index) {
    int cols = x.cols();
    FeatureRows y = allocate(index.length, cols);
    engine.forRows(index.length, (r0, r1) -> {
      for (int r = r0; r < r1; r++) System.arraycopy(x.values(), index[r] * cols, y.values(), r * cols, cols);
    });
    return y;
  }

  /** The sparse matrix times x (SPVCNN's voxel -> point interpolation and point -> voxel average). */
  public FeatureRows multiply(SparseRows m, FeatureRows x) {
    requireShape("sparse product input", x, m.cols(), x.cols());
    CsrRows csr = (CsrRows) plans.computeIfAbsent(m, k -> CsrRows.of(m));
    int cols = x.cols();
    FeatureRows y = allocate(m.rows(), cols);
    float[] xv = x.values();
    float[] yv = y.values();
    engine.forRows(m.rows(), (r0, r1) -> {
      java.util.Arrays.fill(yv, r0 * cols, r1 * cols, 0f);
      for (int r = r0; r < r1; r++) {
        int yo = r * cols;
        for (int p = csr.start()[r]; p < csr.start()[r + 1]; p++) {
          float v = csr.value()[p];
          int xo = csr.col()[p] * cols;
          for (int c = 0; c < cols; c++) yv[yo + c] += v * xv[xo + c];
        }
      }
    });
    return y;
  }

  /** a + b, elementwise. */
  public FeatureRows add(FeatureRows a, FeatureRows b) {
    requireShape("summand", b, a.rows(), a.cols());
    FeatureRows y = allocate(a.rows(), a.cols());
    int cols = a.cols();
    engine.forRows(a.rows(), (r0, r1) -> {
      for (int i = r0 * cols; i < r1 * cols; i++) y.values()[i] = a.values()[i] + b.values()[i];
    });
    return y;
  }

  private int[] iota(int n) {
    int[] cached = (int[]) plans.get(IOTA);
    if (cached != null && cached.length >= n) return cached;
    int[] v = new int[n];
    for (int i = 0; i < n; i++) v[i] = i;
    plans.put(IOTA, v);
    return v;
  }

  private static void start(float[] y, int cols, int r0, int r1, float[] bias, FeatureRows add) {
    for (int r = r0; r < r1; r++) {
      int o = r * cols;
      if (add == null) System.arraycopy(bias, 0, y, o, cols);
      else for (int c = 0; c < cols; c++) y[o + c] = add.values()[o + c] + bias[c];
    }
  }

  private static void requireShape(String what, FeatureRows x, int rows, int cols) {
    if (x.rows() != rows || x.cols() != cols) {
      throw new IllegalArgumentException(what + " is " + x.rows() + " x " + x.cols() + ", expected " + rows + " x " + cols);
    }
  }
}
