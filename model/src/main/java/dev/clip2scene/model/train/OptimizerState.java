package dev.clip2scene.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
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
