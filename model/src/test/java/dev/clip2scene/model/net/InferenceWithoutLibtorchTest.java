package dev.clip2scene.model.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import dev.clip2scene.model.io.Npy;
import dev.clip2scene.model.sparse.ForwardContext;
import dev.clip2scene.model.sparse.SparseGeometry;
import dev.clip2scene.model.sparse.Weights;
import dev.clip2scene.model.voxel.PointCloud;
import dev.clip2scene.model.voxel.Voxelizer;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A saved model folder runs on the CPU engine in a JVM that has no DJL at all (so neither libtorch nor the PyTorch
 * engine can be initialised there), and gives what today's DJL path gives on the same folder.
 */
class InferenceWithoutLibtorchTest {
  @TempDir Path tmp;

  @Test
  void aModelFolderRunsWithoutDjlAndMatchesTheDjlPath() throws Exception {
    PointCloud cloud = SyntheticSweep.generate(2500, 6).cloud();
    for (NetworkConfig preset : List.of(NetworkConfig.spvcnn(), NetworkConfig.minkUNet14A())) {
      NetworkConfig c = NetworkTest.small(preset, 16);
      Path dir = tmp.resolve(preset.architecture().name());
      PointFeatures expected;
      Segmentation expectedLabels;
      try (NDManager base = NDManager.newBaseManager()) {
        SparseNetwork net = SparseNetwork.create(c, new Weights(base, DataType.FLOAT32, 5));
        try (NDManager m = base.newSubManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
          // one training-mode pass moves the batch-norm statistics, so that folding them matters
          net.forward(new ForwardContext(m, true, new SparseGeometry(new Voxelizer(c.voxelSize(), null).voxelize(cloud)), DataType.FLOAT32, 1));
        }
        TextEmbeddings text = text(16);
        ModelFolder.write(dir, net, text);
        try (DjlSegmenter djl = DjlSegmenter.load(dir, null)) {
          expected = djl.features(cloud);
          expectedLabels = djl.segment(cloud, text);
        }
      }
      Path cloudFile = tmp.resolve("cloud.npy");
      Npy.writeFloats(cloudFile, new long[] {cloud.size(), 4}, cloud.data());
      Path out = tmp.resolve("out-" + preset.architecture());
      java.nio.file.Files.createDirectories(out);
      String output = runWithoutDjl(dir, cloudFile, out);
      assertTrue(output.contains("engine: cpu-engine"), output);
      float[] features = Npy.read(out.resolve("features.npy")).floats();
      float[] labels = Npy.read(out.resolve("labels.npy")).floats();
      double diff = 0, scale = 0;
      for (int i = 0; i < features.length; i++) {
        diff = Math.max(diff, Math.abs(features[i] - expected.values()[i]));
        scale = Math.max(scale, Math.abs(expected.values()[i]));
      }
      assertTrue(scale > 0.1, "outputs are not trivially zero");
      assertTrue(diff / scale <= 1e-5, preset.architecture() + ": relative difference " + diff / scale);
      int same = 0;
      for (int i = 0; i < labels.length; i++) if ((int) labels[i] == expectedLabels.labels()[i]) same++;
      assertTrue(same >= labels.length - 2, preset.architecture() + ": " + same + " of " + labels.length + " labels equal");
    }
  }

  private static TextEmbeddings text(int dim) {
    Random r = new Random(3);
    float[] v = new float[4 * dim];
    for (int i = 0; i < v.length; i++) v[i] = (float) r.nextGaussian();
    return new TextEmbeddings(SyntheticSweep.CLASSES, dim, v);
  }

  /** Runs FolderInferenceMain in a child JVM whose class path has every DJL jar removed. */
  private static String runWithoutDjl(Path folder, Path cloud, Path out) throws Exception {
    String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(e -> !e.contains(File.separator + "ai" + File.separator + "djl" + File.separator))
        .collect(Collectors.joining(File.pathSeparator));
    assertTrue(!classPath.contains("djl") && classPath.contains("classes"), "class path without DJL: " + classPath);
    List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--add-modules",
        "jdk.incubator.vector", "-cp", classPath, FolderInferenceMain.class.getName(), folder.toString(), cloud.toString(), out.toString());
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM did not finish: " + output);
    assertEquals(0, p.exitValue(), "child JVM failed: " + output);
    return output;
  }
}
