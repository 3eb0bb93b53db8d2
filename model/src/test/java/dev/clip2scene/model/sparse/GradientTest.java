package dev.clip2scene.model.sparse;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.clip2scene.model.voxel.VoxelizedBatch;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Gradients of every layer kind (submanifold, strided, transposed, pointwise convolutions, batch norm, linear,
 * interpolation and averaging) in float64 against central finite differences.
 */
class GradientTest {
  private final VoxelizedBatch batch = RandomVoxels.cloud(400, 4, 1, 21);
  private final SparseGeometry geometry = new SparseGeometry(batch);

  private final class Net {
    final SparseConv sub;
    final BatchNorm norm;
    final SparseConv down;
    final SparseConv up;
    final SparseConv pointwise;
    final Linear linear;

    Net(Weights w) {
      sub = new SparseConv(w, "sub", 27, 3, 4);
      norm = new BatchNorm(w, "bn", 4);
      down = new SparseConv(w, "down", 8, 4, 5);
      up = new SparseConv(w, "up", 8, 5, 4);
      pointwise = new SparseConv(w, "pw", 1, 4, 3);
      linear = new Linear(w, "linear", 3, 2);
    }

    NDArray loss(NDManager m, NDArray x, NDArray r) {
      ForwardContext ctx = new ForwardContext(m, true, geometry, DataType.FLOAT64, 1);
      NDArray h = norm.forward(ctx, sub.forward(ctx, x, geometry.submanifold(0, 3)));
      NDArray coarse = down.forward(ctx, h, geometry.down(0));
      NDArray back = up.forward(ctx, coarse, geometry.up(0)).add(h);
      NDArray v = pointwise.forward(ctx, back, geometry.pointwise(0));
      NDArray points = ctx.device(geometry.interpolation(0, false)).matMul(v);
      NDArray voxels = ctx.device(geometry.average(0)).matMul(points);
      NDArray out = linear.forward(ctx, ctx.device(geometry.interpolation(0, false)).matMul(voxels.mul(voxels)));
      return out.mul(r).sum();
    }
  }

  @Test
  void analyticGradientsMatchFiniteDifferences() {
    try (NDManager base = NDManager.newBaseManager(); Weights w = new Weights(base, DataType.FLOAT64, 4)) {
      Net net = new Net(w);
      int n = geometry.voxelCount(0);
      NDArray x = base.create(RandomVoxels.uniform(n * 3, 1), new Shape(n, 3));
      NDArray r = base.create(RandomVoxels.uniform(batch.pointCount() * 2, 2), new Shape(batch.pointCount(), 2));
      Map<String, NDArray> inputs = new LinkedHashMap<>(w.parameters());
      inputs.put("x", x);
      x.setRequiresGradient(true);
      Map<String, double[]> analytic = new LinkedHashMap<>();
      try (NDManager m = base.newSubManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        gc.backward(net.loss(m, x, r));
        inputs.forEach((name, a) -> analytic.put(name, a.getGradient().toDoubleArray()));
      }
      double eps = 1e-6;
      for (Map.Entry<String, NDArray> e : inputs.entrySet()) {
        NDArray a = e.getValue();
        double[] values = a.toDoubleArray();
        double[] grad = analytic.get(e.getKey());
        for (int t = 0; t < 3; t++) {
          int i = (int) ((long) (t * 7919 + 13) % values.length);
          double keep = values[i];
          values[i] = keep + eps;
          a.set(values);
          double plus = lossValue(net, base, x, r);
          values[i] = keep - eps;
          a.set(values);
          double minus = lossValue(net, base, x, r);
          values[i] = keep;
          a.set(values);
          double numeric = (plus - minus) / (2 * eps);
          double err = Math.abs(numeric - grad[i]) / Math.max(1e-3, Math.abs(numeric));
          assertTrue(err < 1e-5, e.getKey() + "[" + i + "]: analytic " + grad[i] + " numeric " + numeric);
        }
      }
    }
  }

  private static double lossValue(Net net, NDManager base, NDArray x, NDArray r) {
    try (NDManager m = base.newSubManager()) {
      return net.loss(m, x, r).getDouble();
    }
  }
}
