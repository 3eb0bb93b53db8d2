package dev.clip2scene.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.clip2scene.model.net.TextEmbeddings;
import java.util.List;
import java.util.Random;

/** What a {@link Trainer} optimises: pretraining from a teacher, or fine-tuning on labels. */
public interface TrainingTask extends AutoCloseable {
  /** Targets (and pixel features) of one sample for one step; the cloud is augmented here. */
  PreparedSample prepare(Sample sample, Random random);

  /**
   * One sample's loss.
   *
   * @param features the sample's kept points' features (under autograd), in order
   * @param kept indices of those points in the prepared sample
   * @param xyz their coordinates (3 per point) in the network's input frame
   */
  PretrainObjective.Terms loss(NDManager call, NDArray features, int[] kept, float[] xyz, PreparedSample p, int epoch, Random random);

  /** Trainable tensors besides the network's (a classification head), created in MANAGER on first call. */
  List<NDArray> extraParameters(NDManager manager);

  /** The classifier stored in the model folder (text embeddings, or the fine-tuned head). */
  TextEmbeddings classifier();

  /** Restores extra parameters from a checkpoint's values (in extraParameters order). */
  default void restoreExtra(List<float[]> values) {}

  @Override
  default void close() {}
}
