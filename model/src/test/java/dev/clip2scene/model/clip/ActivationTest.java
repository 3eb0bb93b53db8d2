package dev.clip2scene.model.clip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

class ActivationTest {
  @Test
  void quickGeluAndExactGeluDiffer() {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      float[] x = {-2f, 0f, 1f, 3f};
      // x * sigmoid(1.702 x)
      float[] quick = new float[x.length];
      for (int i = 0; i < x.length; i++) quick[i] = (float) (x[i] / (1 + Math.exp(-1.702 * x[i])));
      assertArrayEquals(quick, Activation.QUICK_GELU.apply(m.create(x)).toFloatArray(), 1e-6f);
      // x * Phi(x): Phi(-2) = 0.0227501319, Phi(1) = 0.8413447461, Phi(3) = 0.9986501020
      assertArrayEquals(new float[] {-0.0455002638f, 0f, 0.8413447461f, 2.995950306f},
          Activation.GELU.apply(m.create(x)).toFloatArray(), 1e-6f);
    }
  }

  @Test
  void parsesHuggingFaceNames() {
    assertEquals(Activation.QUICK_GELU, Activation.ofConfigName("quick_gelu", "c"));
    assertEquals(Activation.GELU, Activation.ofConfigName("gelu", "c"));
    assertThrows(IllegalArgumentException.class, () -> Activation.ofConfigName("relu", "config.json"));
  }
}
