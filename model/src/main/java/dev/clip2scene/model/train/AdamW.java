package dev.clip2scene.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter), in PyTorch's formulation: p *= 1 - lr * wd;
 * m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2; p -= lr * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps).
 */
public final class AdamW implements Optimizer {
  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private final double weightDecay;
  private final OptimizerState first;
  private final OptimizerState second;
  private long steps;

  public AdamW(NDManager manager, double beta1, double beta2, double epsilon, double weightDecay) {
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
    this.weightDecay = weightDecay;
    this.first = new OptimizerState(manager);
    this.second = new OptimizerState(manager);
  }

  public static AdamW defaults(NDManager manager) {
    return new AdamW(manager, 0.9, 0.999, 1e-8, 1e-2);
  }

  @Override
  public void step(List<NDArray> parameters, double learningRate) {
    if (!first.initialised()) {
      first.init(parameters);
      second.init(parameters);
    }
    steps++;
    double correction1 = 1 - Math.pow(beta1, steps);
    double correction2 = 1 - Math.pow(beta2, steps);
    for (int i = 0; i < parameters.size(); i++) {
      NDArray p = parameters.get(i);
      try (NDManager scope = p.getManager().newSubManager()) {
        NDArray g = Scoped.in(scope, p.getGradient().duplicate());
        NDArray m = first.get(i, parameters.size());
        NDArray v = second.get(i, parameters.size());
        m.muli(beta1).addi(Scoped.in(scope, g.mul(1 - beta1)));
        v.muli(beta2).addi(Scoped.in(scope, g.square().mul(1 - beta2)));
        if (weightDecay != 0) p.muli(1 - learningRate * weightDecay);
        NDArray denominator = Scoped.in(scope, v.div(correction2).sqrt().add(epsilon));
        NDArray update = Scoped.in(scope, m.div(correction1).div(denominator).mul(learningRate));
        p.subi(update);
        Scoped.zeroGradient(p);
      }
    }
  }

  @Override
  public long steps() {
    return steps;
  }

  @Override
  public Snapshot snapshot() {
    List<float[]> all = new java.util.ArrayList<>(first.export());
    all.addAll(second.export());
    return new Snapshot(steps, all);
  }

  @Override
  public void restore(List<NDArray> parameters, Snapshot snapshot) {
    List<float[]> b = snapshot.buffers();
    if (!b.isEmpty()) {
      if (b.size() != 2 * parameters.size()) {
        throw new IllegalArgumentException(b.size() + " AdamW buffers for " + parameters.size() + " parameters (needs two each)");
      }
      first.load(parameters, b.subList(0, parameters.size()));
      second.load(parameters, b.subList(parameters.size(), b.size()));
    }
    steps = snapshot.steps();
  }

  @Override
  public void close() {
    first.close();
    second.close();
  }
}
