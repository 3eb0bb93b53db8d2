package dev.clip2scene.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.clip2scene.model.net.ModelFolder;
import dev.clip2scene.model.net.SparseNetwork;
import dev.clip2scene.model.net.TextEmbeddings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Training checkpoints: a model folder (the sparse branch's format: weights, config, classifier) whose weights file
 * also holds the training state as extra tensors: {@code train.state} = [epochs done, steps done],
 * {@code optimizer.steps}, {@code optimizer.N} (state buffers in the optimizer's order) and {@code extra.N} (task
 * parameters such as a fine-tuning head). {@link ModelFolder} writes it: the folder is replaced atomically, so a
 * killed process leaves the previous checkpoint, and {@link ModelFolder#recover} puts it back if the kill fell
 * between the two renames of a save.
 */
public final class Checkpoints {
  private Checkpoints() {}

  /** What a checkpoint holds besides the network. */
  public record State(int epochsDone, long step, Optimizer.Snapshot optimizer, List<float[]> extra) {}

  public static boolean exists(Path dir) {
    return Files.isRegularFile(dir.resolve(ModelFolder.CONFIG));
  }

  public static void write(Path dir, SparseNetwork net, TextEmbeddings classifier, Optimizer.Snapshot optimizer,
      List<NDArray> extra, int epochsDone, long step) {
    Map<String, ModelFolder.Extra> tensors = new LinkedHashMap<>();
    tensors.put("train.state", new ModelFolder.Extra(new long[] {2}, new float[] {epochsDone, step}));
    tensors.put("optimizer.steps", new ModelFolder.Extra(new long[] {1}, new float[] {optimizer.steps()}));
    for (int i = 0; i < optimizer.buffers().size(); i++) {
      float[] b = optimizer.buffers().get(i);
      tensors.put("optimizer." + i, new ModelFolder.Extra(new long[] {b.length}, b));
    }
    for (int i = 0; i < extra.size(); i++) {
      NDArray a = extra.get(i);
      tensors.put("extra." + i, new ModelFolder.Extra(a.getShape().getShape(), a.toType(DataType.FLOAT32, false).toFloatArray()));
    }
    if (step >= (1 << 24)) throw new IllegalStateException("step counts above 2^24 do not fit the checkpoint's float32 state");
    ModelFolder.write(dir, net, classifier, tensors);
  }

  public static State readState(Path dir, SparseNetwork net, int extraCount) {
    Map<String, ModelFolder.Extra> extras = ModelFolder.extras(dir, net);
    ModelFolder.Extra state = require(dir, extras, "train.state");
    ModelFolder.Extra steps = require(dir, extras, "optimizer.steps");
    List<float[]> buffers = new ArrayList<>();
    for (int i = 0; extras.containsKey("optimizer." + i); i++) buffers.add(extras.get("optimizer." + i).values());
    List<float[]> extra = new ArrayList<>();
    for (int i = 0; i < extraCount; i++) extra.add(require(dir, extras, "extra." + i).values());
    return new State((int) state.values()[0], (long) state.values()[1], new Optimizer.Snapshot((long) steps.values()[0], buffers), extra);
  }

  private static ModelFolder.Extra require(Path dir, Map<String, ModelFolder.Extra> extras, String name) {
    ModelFolder.Extra e = extras.get(name);
    if (e == null) throw new IllegalArgumentException(dir + " is a model folder but not a training checkpoint: tensor '" + name + "' missing");
    return e;
  }
}
