package dev.clip2scene.model.net;

import dev.clip2scene.model.voxel.PointCloud;
import dev.clip2scene.model.voxel.VoxelizedBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Splits one batch's per-kept-point results back into per-cloud results in input order. */
final class BatchResults {
  private BatchResults() {}

  /** KEPT: dim values per kept point of the batch. */
  static List<PointFeatures> features(VoxelizedBatch batch, List<PointCloud> clouds, float[] kept, int dim) {
    List<PointFeatures> out = new ArrayList<>();
    int start = 0;
    int p = 0;
    for (PointCloud c : clouds) {
      float[] values = new float[c.size() * dim];
      boolean[] mask = new boolean[c.size()];
      for (; p < batch.pointCount() && batch.kept()[p] < start + c.size(); p++) {
        int i = batch.kept()[p] - start;
        mask[i] = true;
        System.arraycopy(kept, p * dim, values, i * dim, dim);
      }
      out.add(new PointFeatures(c.size(), dim, values, mask));
      start += c.size();
    }
    return out;
  }

  /** LABEL and SCORE per kept point of the batch; rejected points get -1 and 0. */
  static List<Segmentation> segmentations(VoxelizedBatch batch, List<PointCloud> clouds, int[] label, float[] score) {
    List<Segmentation> out = new ArrayList<>();
    int start = 0;
    int p = 0;
    for (PointCloud c : clouds) {
      int size = c.size();
      int[] labels = new int[size];
      float[] scores = new float[size];
      Arrays.fill(labels, -1);
      int keptHere = 0;
      for (; p < batch.pointCount() && batch.kept()[p] < start + size; p++) {
        int i = batch.kept()[p] - start;
        labels[i] = label[p];
        scores[i] = score[p];
        keptHere++;
      }
      out.add(new Segmentation(labels, scores, size - keptHere));
      start += size;
    }
    return out;
  }

  static void requireDims(TextEmbeddings text, NetworkConfig config) {
    if (text.dim() != config.outputDim()) {
      throw new IllegalArgumentException("text embeddings have " + text.dim() + " dims, the network outputs " + config.outputDim());
    }
  }
}
