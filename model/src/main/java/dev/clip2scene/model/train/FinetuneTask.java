package dev.clip2scene.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.clip2scene.model.loss.CrossEntropyConsistency;
import dev.clip2scene.model.loss.LovaszSoftmax;
import dev.clip2scene.model.loss.PseudoLabels;
import dev.clip2scene.model.net.TextEmbeddings;
import java.util.List;
import java.util.Random;

/**
 * Fine-tuning on ground-truth labels (METHOD.md): cross-entropy + Lovasz-softmax on the logits of a linear head (no
 * bias) over the network's per-point features, trained together with the backbone. The head is a C x D matrix,
 * initialised from the pretrained text embeddings, so the fine-tuned model folder stores it in place of the text
 * embeddings and every consumer (eval, the perception node) uses it unchanged.
 */
public final class FinetuneTask implements TrainingTask {
  private final List<String> classes;
  private final int dim;
  private final float[] initial;
  private final CloudAugmentation augmentation;
  private final CrossEntropyConsistency crossEntropy = new CrossEntropyConsistency();
  private final LovaszSoftmax lovasz = new LovaszSoftmax();
  private NDArray head;

  public FinetuneTask(TextEmbeddings initialHead, CloudAugmentation augmentation) {
    this.classes = initialHead.labels();
    this.dim = initialHead.dim();
    this.initial = initialHead.values();
    this.augmentation = augmentation;
  }

  @Override
  public PreparedSample prepare(Sample s, Random random) {
    if (s.labels() == null) throw new IllegalArgumentException(s.describe() + " has no labels to fine-tune on");
    int[] targets = s.labels();
    for (int i = 0; i < targets.length; i++) {
      int l = targets[i];
      if (l != PseudoLabels.IGNORE && (l < 0 || l >= classes.size())) {
        throw new IllegalArgumentException(s.describe() + ", point " + i + ": label " + l + " outside the " + classes.size() + " classes");
      }
    }
    return new PreparedSample(augmentation.apply(s.points(), Sample.STRIDE, random), targets, null);
  }

  @Override
  public PretrainObjective.Terms loss(NDManager call, NDArray features, int[] kept, float[] xyz, PreparedSample p, int epoch, Random random) {
    int[] labels = new int[kept.length];
    for (int i = 0; i < kept.length; i++) labels[i] = p.targets()[kept[i]];
    NDArray ce = crossEntropy.loss(features, head, labels);
    NDArray lz = lovasz.loss(features.matMul(head.transpose()).softmax(1), labels);
    return new PretrainObjective.Terms(ce, lz, ce.add(lz), 0);
  }

  @Override
  public List<NDArray> extraParameters(NDManager manager) {
    if (head == null) {
      head = manager.create(initial, new Shape(classes.size(), dim)).toType(DataType.FLOAT32, false);
      head.setRequiresGradient(true);
    }
    return List.of(head);
  }

  @Override
  public void restoreExtra(List<float[]> values) {
    head.set(values.get(0));
  }

  @Override
  public TextEmbeddings classifier() {
    return new TextEmbeddings(classes, dim, head.toType(DataType.FLOAT32, false).toFloatArray());
  }
}
