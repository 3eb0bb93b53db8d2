package dev.clip2scene.model.net;

import dev.clip2scene.model.io.Npy;
import dev.clip2scene.model.voxel.PointCloud;
import java.nio.file.Path;

/**
 * Child-JVM side of {@link InferenceWithoutLibtorchTest}: segments a cloud (.npy, N x 4) with a model folder and
 * writes the features (N x D) and labels (N) as .npy files. Run with no DJL jar on the class path.
 */
public final class FolderInferenceMain {
  private FolderInferenceMain() {}

  public static void main(String[] args) throws java.io.IOException {
    Path folder = Path.of(args[0]);
    var cloud = Npy.read(Path.of(args[1]));
    Path out = Path.of(args[2]);
    PointCloud points = new PointCloud(cloud.floats(), 4);
    try (Segmenter s = Segmenter.load(folder, null)) {
      PointFeatures f = s.features(points);
      Segmentation seg = s.segment(points, ModelFolder.read(folder).text());
      Npy.writeFloats(out.resolve("features.npy"), new long[] {f.points(), f.dim()}, f.values());
      float[] labels = new float[seg.labels().length];
      for (int i = 0; i < labels.length; i++) labels[i] = seg.labels()[i];
      Npy.writeFloats(out.resolve("labels.npy"), new long[] {labels.length}, labels);
      System.out.println("engine: " + s.backend());
    }
  }
}
