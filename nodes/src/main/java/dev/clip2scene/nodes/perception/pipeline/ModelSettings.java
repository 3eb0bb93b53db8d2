package dev.clip2scene.nodes.perception.pipeline;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.clip2scene.model.infer.device.DeviceChoice;
import dev.clip2scene.model.infer.device.Inference;
import dev.clip2scene.model.net.ModelFolder;
import dev.clip2scene.model.net.NetworkConfig;
import dev.clip2scene.model.net.Segmenter;
import dev.clip2scene.model.net.TextEmbeddings;
import dev.clip2scene.model.net.SparseNetwork;
import dev.clip2scene.model.sparse.Weights;
import dev.clip2scene.model.voxel.CropBox;
import java.nio.file.Path;

/**
 * What the pipeline loads once, at start: the network (a model folder, or random weights of a configuration so that
 * every stage runs without one), the vocabulary, and CLIP when vocabulary updates or fusion need it.
 *
 * @param modelFolder a model folder, or null for random weights
 * @param randomNetwork the network built when there is no model folder
 * @param seed of the random weights and random text embeddings
 * @param cropBox points outside are not labelled
 * @param textEmbeddings a `clip embed` folder, or null: the model folder's embeddings, else random ones of vocabulary
 * @param vocabulary class names (bundled name or file) for random text embeddings
 * @param clipWeights CLIP .safetensors, or null (vocabulary updates are refused, fusion is unavailable)
 * @param clipTokenizer CLIP's tokenizer files, or null (beside the weights)
 * @param device where the network runs (auto: CUDA when a device is present and the engine loads, else the CPU)
 */
public record ModelSettings(Path modelFolder, NetworkConfig randomNetwork, long seed, CropBox cropBox, Path textEmbeddings,
    String vocabulary, Path clipWeights, Path clipTokenizer, DeviceChoice device) {

  /** The network and its vocabulary, loaded; the model folder is read once. */
  record Loaded(Segmenter segmenter, NDManager randomWeights, Classifier classifier) implements AutoCloseable {
    @Override
    public void close() {
      segmenter.close();
      if (randomWeights != null) randomWeights.close();
    }
  }

  Loaded load() {
    Segmenter seg;
    NDManager weights = null;
    TextEmbeddings folderText = null;
    if (modelFolder != null) {
      ModelFolder.Contents contents = ModelFolder.read(modelFolder);
      folderText = contents.text();
      seg = Inference.open(modelFolder, contents, cropBox, device);
    } else {
      weights = NDManager.newBaseManager();
      try {
        seg = Inference.open(SparseNetwork.create(randomNetwork, new Weights(weights, DataType.FLOAT32, seed)), cropBox, device);
      } catch (RuntimeException e) {
        weights.close();
        throw e;
      }
    }
    try {
      int dim = seg.config().outputDim();
      Classifier cls;
      if (textEmbeddings != null) cls = Classifier.fromEmbedFolder(textEmbeddings, dim);
      else if (folderText != null) cls = Classifier.fromModel(folderText, modelFolder, dim);
      else cls = Classifier.random(vocabulary, dim, seed);
      return new Loaded(seg, weights, cls);
    } catch (RuntimeException e) {
      seg.close();
      if (weights != null) weights.close();
      throw e;
    }
  }
}
