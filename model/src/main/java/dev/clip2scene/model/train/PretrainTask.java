package dev.clip2scene.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.clip2scene.model.net.TextEmbeddings;
import java.util.List;
import java.util.Random;

/** Pretraining (METHOD.md): pixel pseudo-labels from the teacher, the objective's two terms with S3T. */
public final class PretrainTask implements TrainingTask {
  private final PseudoLabelling labelling;
  private final PretrainObjective objective;
  private final TextEmbeddings text;
  private final CloudAugmentation augmentation;

  public PretrainTask(PseudoLabelling labelling, PretrainObjective objective, TextEmbeddings text, CloudAugmentation augmentation) {
    this.labelling = labelling;
    this.objective = objective;
    this.text = text;
    this.augmentation = augmentation;
  }

  @Override
  public PreparedSample prepare(Sample s, Random random) {
    float[] pixels = objective.needsPixelFeatures() ? new float[s.pointCount() * text.dim()] : null;
    int[] labels = labelling.label(s, random, pixels, text.dim());
    return new PreparedSample(augmentation.apply(s.points(), Sample.STRIDE, random), labels, pixels);
  }

  @Override
  public PretrainObjective.Terms loss(NDManager call, NDArray features, int[] kept, float[] xyz, PreparedSample p, int epoch, Random random) {
    int[] labels = new int[kept.length];
    for (int i = 0; i < kept.length; i++) labels[i] = p.targets()[kept[i]];
    NDArray t = call.create(text.values(), new Shape(text.classes(), text.dim())).toType(features.getDataType(), false);
    NDArray pixels = null;
    if (p.pixels() != null) {
      int d = text.dim();
      float[] rows = new float[kept.length * d];
      for (int i = 0; i < kept.length; i++) System.arraycopy(p.pixels(), kept[i] * d, rows, i * d, d);
      pixels = call.create(rows, new Shape(kept.length, d)).toType(features.getDataType(), false);
    }
    return objective.loss(features, xyz, labels, t, pixels, epoch, random);
  }

  @Override
  public List<NDArray> extraParameters(NDManager manager) {
    return List.of();
  }

  @Override
  public TextEmbeddings classifier() {
    return text;
  }
}
