package dev.clip2scene.model.train;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * Updates parameters in place from their gradients. Implementations keep per-parameter state (momentum, moments)
 * in their own NDManager, released by {@link #close()}; parameters must be passed in the same order every step.
 */
public interface Optimizer extends AutoCloseable {
  /**
   * One update of PARAMETERS (each with a gradient attached) at learning rate LR, after which their gradients
   * are zeroed: DJL accumulates gradients across collectors for arrays outside its system manager.
   */
  void step(List<NDArray> parameters, double learningRate);

  /** Number of steps taken so far. */
  long steps();

  /** The state for a checkpoint: the step count and every state buffer as float32 (empty before the first step). */
  Snapshot snapshot();

  /** Continues from a snapshot of an optimizer of the same kind over the same PARAMETERS. */
  void restore(List<NDArray> parameters, Snapshot snapshot);

  /** Buffers in order: for each kind of state (momentum; first, second moment), one per parameter. */
  record Snapshot(long steps, List<float[]> buffers) {
    public Snapshot {
      buffers = List.copyOf(buffers);
    }
  }

  @Override
  void close();
}
