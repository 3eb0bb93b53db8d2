package dev.clip2scene.model.clip;

import dev.clip2scene.model.io.SafeTensors;

/** A safetensors file read as a {@link TensorSource}; names are the file's own. */
public final class SafeTensorsSource implements TensorSource {
  private final SafeTensors file;

  public SafeTensorsSource(SafeTensors file) {
    this.file = file;
  }

  @Override
  public String describe() {
    return file.file().toString();
  }

  @Override
  public boolean contains(String name) {
    return file.contains(name);
  }

  @Override
  public long[] shape(String name) {
    return file.shape(name);
  }

  @Override
  public float[] floats(String name) {
    return file.floats(name);
  }
}
