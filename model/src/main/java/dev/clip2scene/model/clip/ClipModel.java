package dev.clip2scene.model.clip;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;

/**
 * A loaded CLIP: the weights as NDArrays on one device, the image tower and, when the checkpoint has one, the
 * text tower. Close it to free the weights; each encoder call uses its own scope and keeps nothing.
 */
public final class ClipModel implements AutoCloseable {
  /**
   * Query tokens attended at once: whole images up to 1024 patches (ViT-B/16 at 224 x 416 is 365 tokens) in one
   * product, larger ones in row blocks so a 900 x 1600 image needs hundreds of megabytes, not gigabytes, of scores.
   */
  static final int DEFAULT_QUERY_CHUNK = 1024;
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
    return load(weights, config, device, DEFAULT_QUERY_CHUNK);
  }

  /** As {@link #load(TensorSource, ClipConfig, Device)}, attending QUERY_CHUNK query tokens at a time. */
  static ClipModel load(TensorSource weights, ClipConfig config, Device device, int queryChunk) {
    NDManager manager = NDManager.newBaseManager(device, "PyTorch");
    try {
      NdWeights w = new NdWeights(weights, manager);
      ClipImageEncoder image = config.hasVision() ? new ClipImageEncoder(w, manager, config.vision(), config.embedDim(), config.activation(), queryChunk) : null;
      ClipTextEncoder text = config.hasText() ? new ClipTextEncoder(w, manager, config.text(), config.embedDim(), config.activation(), queryChunk) : null;
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
