package dev.clip2scene.model.net;

import dev.clip2scene.model.clip.SafeTensorsSource;
import dev.clip2scene.model.clip.TensorSource;
import dev.clip2scene.model.infer.FeatureRows;
import dev.clip2scene.model.infer.FoldedConv;
import dev.clip2scene.model.infer.FusedPass;
import dev.clip2scene.model.infer.Layers;
import dev.clip2scene.model.io.SafeTensors;
import dev.clip2scene.model.io.TensorFileException;
import java.nio.file.Path;

/**
 * A network's weights folded (batch norm into convolutions) for eval-mode inference, with its topology written once
 * against {@link Layers} so that every engine runs the same network. A snapshot: later changes to the weights it was
 * read from do not reach it. Built from named tensors (a model folder's file, or a trainable network's weights) without
 * DJL, so inference needs no libtorch.
 */
public final class FusedNetwork {
  /** The network's layers over some engine's tensors, given the batch carries the config's input channels. */
  public interface Topology {
    <T> T run(Layers<T> layers);

    /** The last layer: the dense head whose output (outputDim per row) is the network's feature. */
    FoldedConv head();

    /** Whether the head runs on level-0 voxels (its rows then go to the points, nearest), or on the points. */
    boolean headOnVoxels();
  }

  private final NetworkConfig config;
  private final Topology topology;

  private FusedNetwork(NetworkConfig config, Topology topology) {
    this.config = config;
    this.topology = topology;
  }

  /** Folds the network CONFIG describes from its named weights. */
  public static FusedNetwork of(NetworkConfig config, TensorSource weights) {
    return new FusedNetwork(config, switch (config.architecture()) {
      case SPVCNN -> new FusedSpvcnn(config, weights);
      case MINKUNET -> new FusedMinkUNet(config, weights);
    });
  }

  /** Reads a model folder ({@link ModelFolder}: files checked against their hashes) straight into folded form. */
  public static FusedNetwork load(Path modelFolder) {
    return load(modelFolder, ModelFolder.read(modelFolder));
  }

  /** As {@link #load(Path)}, with the folder's CONTENTS read (and its files verified) by the caller. */
  public static FusedNetwork load(Path modelFolder, ModelFolder.Contents contents) {
    Path file = modelFolder.resolve(ModelFolder.WEIGHTS);
    try (SafeTensors st = SafeTensors.open(file)) {
      return of(contents.config(), new SafeTensorsSource(st));
    } catch (TensorFileException e) {
      throw new ModelFolderException(file + ": " + e.getMessage(), e);
    }
  }

  public NetworkConfig config() {
    return config;
  }

  /** The same network on voxels of another size (the weights do not depend on it). */
  public FusedNetwork withVoxelSize(double voxelSize) {
    return new FusedNetwork(config.withVoxelSize(voxelSize), topology);
  }

  public Topology topology() {
    return topology;
  }

  /** Features of every kept point of the pass's batch, (points, outputDim). */
  public FeatureRows forward(FusedPass pass) {
    config.requireInputChannels(pass.geometry().batch().channels());
    return topology.run(pass);
  }
}
