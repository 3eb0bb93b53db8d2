package dev.clip2scene.model.clip;

import ai.djl.ndarray.NDArray;

/** The MLP activation of the transformer blocks. OpenAI's CLIP weights were trained with QuickGELU. */
public enum Activation {
  /** x * sigmoid(1.702 x), OpenAI CLIP (Hugging Face "quick_gelu"). */
  QUICK_GELU,
  /** The exact (erf) GELU, Hugging Face "gelu" and open_clip models trained without QuickGELU. */
  GELU;

  NDArray apply(NDArray x) {
    return this == QUICK_GELU ? ai.djl.nn.Activation.swish(x, 1.702f) : ai.djl.nn.Activation.gelu(x);
  }

  /** Parses a Hugging Face {@code hidden_act} value. */
  public static Activation ofConfigName(String name, String where) {
    return switch (name) {
      case "quick_gelu" -> QUICK_GELU;
      case "gelu" -> GELU;
      default -> throw new IllegalArgumentException(where + ": activation '" + name + "' is not supported (quick_gelu or gelu)");
    };
  }
}
