package dev.clip2scene.nodes.perception.pipeline;

import ai.djl.Device;
import dev.clip2scene.model.clip.ClipHints;
import dev.clip2scene.model.clip.ClipModel;
import java.nio.file.Path;

/**
 * The node's CLIP: the weights file (and tokenizer) given by parameters, loaded on first use (a vocabulary update or
 * the first fused image) and shared by the text and image towers' users until closed.
 */
public final class ClipWeights implements AutoCloseable {
  private final Path weights;
  private final Path tokenizer;
  private ClipModel model;
  private boolean closed;

  /** TOKENIZER may be null: the weights' folder. */
  public ClipWeights(Path weights, Path tokenizer) {
    this.weights = weights;
    this.tokenizer = tokenizer;
  }

  public Path weights() {
    return weights;
  }

  /** The tokenizer files' location (a file or folder). */
  public Path tokenizer() {
    return tokenizer != null ? tokenizer : weights.toAbsolutePath().getParent();
  }

  /** The model, loaded on the first call. */
  public synchronized ClipModel model() {
    if (closed) throw new IllegalStateException("CLIP " + weights + " was closed");
    if (model == null) model = ClipModel.load(weights, ClipHints.NONE, Device.cpu());
    return model;
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (model != null) model.close();
    model = null;
  }
}
