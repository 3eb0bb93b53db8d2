package dev.clip2scene.model.clip;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;

/**
 * A loaded CLIP: the weights as NDArrays on one device, the image tower and, when the checkpoint has one, the
 * text tower. Close it to free the weights; each encoder call uses its own scope and keeps nothing.
 */
public final class ClipModel implements AutoCloseable {
  private final NDManager manager;
  private final ClipConfig config;
  private final ClipImageEncoder image;
  private final ClipTextEncoder text;

  private ClipModel(NDManager manager, ClipConfig config, ClipImageEncoder image, ClipTextEncoder text) {
    this.manager = manager;
    this.config = config;
    this.image = image;
    this.text = text;
  }

  /** Loads the towers CONFIG describes from WEIGHTS (OpenAI naming) onto DEVICE (e.g. Device.cpu(), Device.gpu()). */
  public static ClipModel load(TensorSource weights, ClipConfig config, Device device) {
    NDManager manager = NDManager.newBaseManager(device, "PyTorch");
    try {
      NdWeights w = new NdWeights(weights, manager);
      ClipImageEncoder image = config.hasVision() ? new ClipImageEncoder(w, manager, config.vision(), config.embedDim(), config.activation()) : null;
      ClipTextEncoder text = config.hasText() ? new ClipTextEncoder(w, manager, config.text(), config.embedDim(), config.activation()) : null;
      return new ClipModel(manager, config, image, text);
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  /** Opens the safetensors file WEIGHTS, infers the configuration (HINTS win over files) and loads it. */
  public static ClipModel load(Path weights, ClipHints hints, Device device) {
    try (ClipCheckpoint checkpoint = ClipCheckpoint.open(weights)) {
      return load(checkpoint.tensors(), checkpoint.config(hints), device);
    }
  }

  public ClipConfig config() {
    return config;
  }

  public Device device() {
    return manager.getDevice();
  }

  public ClipImageEncoder image() {
    if (image == null) throw new IllegalStateException("these CLIP weights have no image tower (visual.* tensors)");
    return image;
  }

  public ClipTextEncoder text() {
    if (text == null) throw new IllegalStateException("these CLIP weights have no text tower (token_embedding, transformer.*)");
    return text;
  }

  /** Arrays alive under the model's manager (weights plus anything a call failed to free): for leak tests. */
  int liveArrays() {
    return manager.getManagedArrays().size();
  }

  @Override
  public void close() {
    manager.close();
  }
}
