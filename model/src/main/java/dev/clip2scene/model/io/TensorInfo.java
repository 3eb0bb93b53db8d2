package dev.clip2scene.model.io;

/** One tensor's entry in a safetensors header: where its bytes lie relative to the data section. */
public record TensorInfo(String name, DType dtype, long[] shape, long begin, long end) {
  public long elements() {
    return Shapes.elements(shape, name);
  }

  public long byteLength() {
    return end - begin;
  }
}
