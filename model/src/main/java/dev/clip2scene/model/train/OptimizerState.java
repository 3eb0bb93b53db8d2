package dev.clip2scene.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;

/** Per-parameter state buffers, created lazily on the first step, owned by one manager. */
final class OptimizerState implements AutoCloseable {
  private final NDManager manager;
  private final List<NDArray> buffers = new ArrayList<>();

  OptimizerState(NDManager parent) {
    this.manager = parent.newSubManager();
  }

  boolean initialised() {
    return !buffers.isEmpty();
  }

  /** Starts one zero buffer per parameter. */
  void init(List<NDArray> parameters) {
    for (NDArray p : parameters) buffers.add(manager.zeros(p.getShape(), p.getDataType(), p.getDevice()));
  }

  /** The buffers' values as float32, in parameter order (empty before the first step). */
  List<float[]> export() {
    List<float[]> out = new ArrayList<>();
    for (NDArray b : buffers) out.add(b.toType(DataType.FLOAT32, false).toFloatArray());
    return out;
  }

  /** Replaces the buffers with VALUES (one per parameter, shaped like it). */
  void load(List<NDArray> parameters, List<float[]> values) {
    if (values.size() != parameters.size()) {
      throw new IllegalArgumentException(values.size() + " optimizer buffers for " + parameters.size() + " parameters");
    }
    buffers.forEach(NDArray::close);
    buffers.clear();
    for (int i = 0; i < parameters.size(); i++) {
      NDArray p = parameters.get(i);
      if (values.get(i).length != p.size()) {
        throw new IllegalArgumentException("optimizer buffer " + i + " holds " + values.get(i).length + " values for a parameter of " + p.getShape());
      }
      buffers.add(manager.create(values.get(i), p.getShape()).toType(p.getDataType(), false).toDevice(p.getDevice(), false));
    }
  }

  NDArray get(int i, int expectedCount) {
    if (buffers.size() != expectedCount) {
      throw new IllegalStateException("optimizer was built for " + buffers.size() + " parameters, got " + expectedCount);
    }
    return buffers.get(i);
  }

  @Override
  public void close() {
    manager.close();
  }
}
