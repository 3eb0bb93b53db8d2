package dev.clip2scene.model.train;

import dev.clip2scene.model.loss.PseudoLabels;
import dev.clip2scene.model.infer.device.DeviceChoice;
import dev.clip2scene.model.infer.device.Inference;
import dev.clip2scene.model.metrics.ConfusionMatrix;
import dev.clip2scene.model.net.Segmentation;
import dev.clip2scene.model.net.Segmenter;
import dev.clip2scene.model.net.SparseNetwork;
import dev.clip2scene.model.net.TextEmbeddings;
import dev.clip2scene.model.voxel.CropBox;
import dev.clip2scene.model.voxel.PointCloud;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores a network against ground-truth labels: each labelled sample's keyframe points are classified as argmax of
 * point feature . classifier row (text embeddings: annotation-free; a fine-tuned head otherwise) and counted in a
 * confusion matrix. Points the network does not see (outside its crop box) are left out and counted. Samples are
 * streamed from their source, one at a time.
 */
public final class Evaluation {
  /** The outcome: the matrix, the class names, how many scans and points were scored or left out. */
  public record Result(ConfusionMatrix matrix, List<String> classes, int scans, long scored, long outsideCrop) {
    public Map<String, Object> json() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("miou", matrix.meanIou());
      m.put("accuracy", matrix.accuracy());
      Map<String, Object> per = new LinkedHashMap<>();
      double[] iou = matrix.iou();
      for (int c = 0; c < classes.size(); c++) per.put(classes.get(c), Double.isNaN(iou[c]) ? null : iou[c]);
      m.put("per_class", per);
      m.put("scans", scans);
      m.put("points", scored);
      m.put("points_outside_crop", outsideCrop);
      m.put("confusion", matrix.rows());
      return m;
    }
  }

  private Evaluation() {}

  /** On the CPU engine; null when no sample of SOURCE carries labels. */
  public static Result run(SparseNetwork network, TextEmbeddings classifier, SampleSource source, CropBox crop) {
    return run(network, classifier, source, crop, DeviceChoice.CPU);
  }

  /** On the device DEVICE chooses; null when no sample of SOURCE carries labels. */
  public static Result run(SparseNetwork network, TextEmbeddings classifier, SampleSource source, CropBox crop, DeviceChoice device) {
    int[] labelled = source.labelledIndices();
    if (labelled.length == 0) return null;
    ConfusionMatrix matrix = new ConfusionMatrix(classifier.classes(), PseudoLabels.IGNORE);
    int scans = 0;
    long scored = 0;
    long outside = 0;
    try (Segmenter segmenter = Inference.open(network, crop, device); SampleStream stream = source.read(labelled)) {
      for (int k = 0; k < labelled.length; k++) {
        Sample s = stream.next();
        if (s == null || s.labels() == null) continue;
        float[] key = Arrays.copyOf(s.points(), s.keyframePoints() * Sample.STRIDE);
        Segmentation seg = segmenter.segment(new PointCloud(key, Sample.STRIDE), classifier);
        int[] truth = Arrays.copyOf(s.labels(), s.keyframePoints());
        int[] predicted = seg.labels().clone();
        for (int i = 0; i < truth.length; i++) {
          if (truth[i] != PseudoLabels.IGNORE && (truth[i] < 0 || truth[i] >= classifier.classes())) {
            throw new IllegalArgumentException(s.describe() + ", point " + i + ": label " + truth[i] + " but the classifier has " + classifier.classes() + " classes");
          }
          if (predicted[i] < 0) {
            if (truth[i] != PseudoLabels.IGNORE) outside++;
            truth[i] = PseudoLabels.IGNORE;
            predicted[i] = 0;
          } else if (truth[i] != PseudoLabels.IGNORE) {
            scored++;
          }
        }
        matrix.add(truth, predicted);
        scans++;
      }
    }
    return scans == 0 ? null : new Result(matrix, classifier.labels(), scans, scored, outside);
  }
}
