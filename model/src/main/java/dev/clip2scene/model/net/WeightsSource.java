package dev.clip2scene.model.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.clip2scene.model.clip.TensorSource;
import dev.clip2scene.model.io.TensorFileException;
import dev.clip2scene.model.sparse.Weights;

/** A trainable network's current weights seen as named float32 tensors, for folding. */
record WeightsSource(Weights weights) implements TensorSource {
  @Override
  public String describe() {
    return "the network's weights";
  }

  @Override
  public boolean contains(String name) {
    return weights.all().containsKey(name);
  }

  @Override
  public long[] shape(String name) {
    return tensor(name).getShape().getShape();
  }

  @Override
  public float[] floats(String name) {
    return tensor(name).toType(DataType.FLOAT32, false).toFloatArray();
  }

  private NDArray tensor(String name) {
    NDArray a = weights.all().get(name);
    if (a == null) throw new TensorFileException(describe() + ": no tensor named '" + name + "'");
    return a;
  }
}
