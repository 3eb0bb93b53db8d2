package dev.clip2scene.model.sparse;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;

/**
 * A sparse convolution without bias, weight shaped (kernel volume, in, out). Computed as: gather the input rows
 * of every pair at once, split by offset, one matrix product per active offset, then sum into the outputs with
 * a COO sparse product (a differentiable scatter-add; DJL has no index_add) or, when each output has exactly
 * one pair, a gather. The identity offset of submanifold maps is a plain product with no gather.
 */
public final class SparseConv {
  private final NDArray weight;
  private final int volume;
  private final int in;
  private final int out;

  public SparseConv(Weights w, String name, int volume, int in, int out) {
    this.volume = volume;
    this.in = in;
    this.out = out;
    this.weight = w.normal(name + ".kernel", new Shape(volume, in, out), Math.sqrt(2.0 / (volume * in)));
  }

  public NDArray forward(ForwardContext ctx, NDArray x, KernelMap map) {
    if (map.volume() != volume) throw new IllegalArgumentException("kernel map of volume " + map.volume() + " for a convolution of volume " + volume);
    ForwardContext.DeviceMap d = ctx.device(map);
    NDList slices = volume == 1 ? new NDList(weight.reshape(in, out)) : weight.split(volume);
    slices.attach(ctx.manager()); // views of the weight belong to this pass, not to the weights' manager
    NDArray result = null;
    if (map.pairs() > 0) {
      NDArray gathered = Rows.gather(x, d.gather());
      NDList parts = d.splitPoints().length == 0 ? new NDList(gathered) : gathered.split(d.splitPoints());
      NDList products = new NDList(parts.size());
      for (int a = 0; a < parts.size(); a++) products.add(parts.get(a).matMul(slices.get(d.activeOffsets()[a]).reshape(in, out)));
      NDArray y = products.size() == 1 ? products.get(0) : NDArrays.concat(products, 0);
      result = d.outGather() != null ? Rows.gather(y, d.outGather()) : d.scatter().matMul(y);
    }
    if (map.center() >= 0) {
      NDArray identity = x.matMul(slices.get(map.center()).reshape(in, out));
      result = result == null ? identity : result.add(identity);
    }
    if (result == null) result = ctx.manager().zeros(new Shape(map.outCount(), out), ctx.dtype());
    ctx.addMacs(map.macs(in, out));
    return result;
  }

  public int volume() {
    return volume;
  }

  public int in() {
    return in;
  }

  public int out() {
    return out;
  }

  public NDArray weight() {
    return weight;
  }
}
