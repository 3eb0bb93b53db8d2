package dev.clip2scene.model.clip;

import dev.clip2scene.model.io.TensorFileException;
import java.util.Arrays;

/**
 * Named float tensors in OpenAI CLIP naming: a safetensors file, a renaming view of another naming, or weights
 * made in memory. Implementations name themselves in {@link #describe()} so errors say where a tensor came from.
 */
public interface TensorSource {
  /** Where the tensors come from (a file path, or a description), for error messages. */
  String describe();

  boolean contains(String name);

  /** The shape of NAME; a missing tensor is a {@link TensorFileException} naming it. */
  long[] shape(String name);

  float[] floats(String name);

  /** NAME as float32 after checking its shape; a mismatch names the key and both shapes. */
  default float[] floats(String name, long... expected) {
    long[] actual = shape(name);
    if (!Arrays.equals(actual, expected)) {
      throw new TensorFileException(describe() + ": tensor '" + name + "' has shape " + Arrays.toString(actual)
          + ", expected " + Arrays.toString(expected));
    }
    return floats(name);
  }

  /** The size of dimension DIM of NAME, checking the tensor has RANK dimensions. */
  default int dim(String name, int rank, int dim) {
    long[] s = shape(name);
    if (s.length != rank) {
      throw new TensorFileException(describe() + ": tensor '" + name + "' has shape " + Arrays.toString(s) + ", expected "
          + rank + " dimensions");
    }
    return Math.toIntExact(s[dim]);
  }
}
