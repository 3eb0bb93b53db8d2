package dev.clip2scene.model.sparse;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Random;

/**
 * One forward pass: the manager owning its intermediate arrays, train/eval mode, the batch's geometry, and the
 * device copies of kernel maps (created once per pass, shared by every layer using the map).
 */
public final class ForwardContext {
  private final NDManager manager;
  private final boolean training;
  private final SparseGeometry geometry;
  private final DataType dtype;
  private final Random dropout;
  private final Map<Object, Object> deviceCopies = new IdentityHashMap<>();
  private long macs;

  public ForwardContext(NDManager manager, boolean training, SparseGeometry geometry, DataType dtype, long seed) {
    this.manager = manager;
    this.training = training;
    this.geometry = geometry;
    this.dtype = dtype;
    this.dropout = new Random(seed);
  }

  public NDManager manager() {
    return manager;
  }

  public boolean training() {
    return training;
  }

  public SparseGeometry geometry() {
    return geometry;
  }

  public DataType dtype() {
    return dtype;
  }

  /** Multiply-accumulates of the convolutions (counted from the kernel maps' pairs) and dense layers run so far. */
  public long macs() {
    return macs;
  }

  void addMacs(long n) {
    macs += n;
  }

  /** A kernel map's index arrays on the device. */
  public record DeviceMap(NDArray gather, long[] splitPoints, int[] activeOffsets, NDArray scatter, NDArray outGather) {}

  public DeviceMap device(KernelMap map) {
    return (DeviceMap) deviceCopies.computeIfAbsent(map, m -> upload(map));
  }

  /** A sparse matrix as a COO array on the device, for differentiable gathers and averages. */
  public NDArray device(SparseRows rows) {
    return (NDArray) deviceCopies.computeIfAbsent(rows, m -> coo(rows.row(), rows.col(), rows.value(), rows.rows(), rows.cols()));
  }

  public NDArray indices(int[] values) {
    long[] v = new long[values.length];
    for (int i = 0; i < v.length; i++) v[i] = values[i];
    return manager.create(v);
  }

  private DeviceMap upload(KernelMap map) {
    if (map.pairs() == 0) return new DeviceMap(null, new long[0], new int[0], null, null);
    int active = 0;
    for (int k = 0; k < map.volume(); k++) if (map.pairs(k) > 0) active++;
    int[] offsets = new int[active];
    long[] split = new long[active - 1];
    int a = 0;
    for (int k = 0; k < map.volume(); k++) {
      if (map.pairs(k) == 0) continue;
      if (a > 0) split[a - 1] = map.offsetStart()[k];
      offsets[a++] = k;
    }
    NDArray gather = indices(map.in());
    if (map.uniqueOutputs()) {
      int[] position = new int[map.outCount()];
      for (int p = 0; p < map.pairs(); p++) position[map.out()[p]] = p;
      return new DeviceMap(gather, split, offsets, null, indices(position));
    }
    int[] col = new int[map.pairs()];
    float[] one = new float[map.pairs()];
    for (int p = 0; p < col.length; p++) {
      col[p] = p;
      one[p] = 1f;
    }
    return new DeviceMap(gather, split, offsets, coo(map.out(), col, one, map.outCount(), map.pairs()), null);
  }

  private NDArray coo(int[] row, int[] col, float[] value, int rows, int cols) {
    long[] index = new long[2 * row.length];
    for (int i = 0; i < row.length; i++) {
      index[i] = row[i];
      index[row.length + i] = col[i];
    }
    NDArray indices = manager.create(index, new Shape(2, row.length));
    NDArray values = manager.create(value).toType(dtype, false);
    // the engine call wraps existing tensors; NDManager.createCoo reads from Java buffers it does not keep alive
    return JniUtils.createSparseCoo((PtNDArray) indices, (PtNDArray) values, new Shape(rows, cols));
  }

  /** Inverted dropout with this pass's seeded generator; identity in eval mode or at rate 0. */
  public NDArray dropout(NDArray x, float rate) {
    if (!training || rate <= 0f) return x;
    int n = Math.toIntExact(x.size());
    float[] mask = new float[n];
    float keep = 1f / (1f - rate);
    for (int i = 0; i < n; i++) mask[i] = dropout.nextFloat() < rate ? 0f : keep;
    return x.mul(manager.create(mask, x.getShape()).toType(dtype, false));
  }
}
