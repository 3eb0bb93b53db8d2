package dev.clip2scene.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;

/**
 * Stochastic gradient descent with momentum, dampening and L2 weight decay, in PyTorch's formulation:
 * g = grad + wd * p; b = g on the first step, else momentum * b + (1 - dampening) * g; p -= lr * b.
 * Reference settings for pretraining: lr 0.1, momentum 0.9, dampening 0.1, weight decay 1e-4.
 */
public final class Sgd implements Optimizer {
  private final double momentum;
  private final double dampening;
  private final double weightDecay;
  private final OptimizerState state;
  private long steps;

  public Sgd(NDManager manager, double momentum, double dampening, double weightDecay) {
    this.momentum = momentum;
    this.dampening = dampening;
    this.weightDecay = weightDecay;
    this.state = new OptimizerState(manager);
  }

  public static Sgd reference(NDManager manager) {
    return new Sgd(manager, 0.9, 0.1, 1e-4);
  }

  @Override
  public void step(List<NDArray> parameters, double learningRate) {
    boolean first = !state.initialised();
    if (first) state.init(parameters);
    for (int i = 0; i < parameters.size(); i++) {
      NDArray p = parameters.get(i);
      try (NDManager scope = p.getManager().newSubManager()) {
        NDArray g = Scoped.in(scope, p.getGradient().duplicate());
        if (weightDecay != 0) g.addi(Scoped.in(scope, p.mul(weightDecay)));
        NDArray update = g;
        if (momentum != 0) {
          NDArray b = state.get(i, parameters.size());
          if (first) b.addi(g);
          else b.muli(momentum).addi(g.mul(1 - dampening));
          update = b;
        }
        p.subi(Scoped.in(scope, update.mul(learningRate)));
        Scoped.zeroGradient(p);
      }
    }
    steps++;
  }

  @Override
  public long steps() {
    return steps;
  }

  @Override
  public Snapshot snapshot() {
    return new Snapshot(steps, state.export());
  }

  @Override
  public void restore(List<NDArray> parameters, Snapshot snapshot) {
    if (!snapshot.buffers().isEmpty()) state.load(parameters, snapshot.buffers());
    steps = snapshot.steps();
  }

  @Override
  public void close() {
    state.close();
  }
}
