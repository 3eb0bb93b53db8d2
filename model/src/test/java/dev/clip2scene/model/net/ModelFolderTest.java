package dev.clip2scene.model.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import dev.clip2scene.model.sparse.ForwardContext;
import dev.clip2scene.model.sparse.SparseGeometry;
import dev.clip2scene.model.sparse.Weights;
import dev.clip2scene.model.voxel.PointCloud;
import dev.clip2scene.model.voxel.Voxelizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFolderTest {
  @TempDir Path tmp;
  private final PointCloud cloud = SyntheticSweep.generate(1500, 4).cloud();

  private static TextEmbeddings text(int dim) {
    Random r = new Random(1);
    float[] v = new float[4 * dim];
    for (int i = 0; i < v.length; i++) v[i] = (float) r.nextGaussian();
    return new TextEmbeddings(SyntheticSweep.CLASSES, dim, v);
  }

  /** A network whose BatchNorm statistics moved away from their initial values (one training-mode pass). */
  private static SparseNetwork trained(NDManager base, NetworkConfig c, PointCloud cloud) {
    SparseNetwork net = SparseNetwork.create(c, new Weights(base, DataType.FLOAT32, 3));
    try (NDManager m = base.newSubManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      net.forward(new ForwardContext(m, true, new SparseGeometry(new Voxelizer(c.voxelSize(), null).voxelize(cloud)), DataType.FLOAT32, 1));
    }
    return net;
  }

  @Test
  void roundTripGivesBitwiseIdenticalOutputs() {
    for (NetworkConfig preset : List.of(NetworkConfig.spvcnn(), NetworkConfig.minkUNet14A())) {
      NetworkConfig c = NetworkTest.small(preset, 16);
      Path dir = tmp.resolve(preset.architecture().name());
      try (NDManager base = NDManager.newBaseManager()) {
        SparseNetwork net = trained(base, c, cloud);
        ModelFolder.write(dir, net, text(16), Map.of("optimizer.step", new ModelFolder.Extra(new long[] {1}, new float[] {7})));
        PointFeatures before;
        Segmentation labelsBefore;
        try (Segmenter s = Segmenter.of(net, null)) {
          before = s.features(cloud);
          labelsBefore = s.segment(cloud, text(16));
        }
        ModelFolder.Contents contents = ModelFolder.read(dir);
        assertEquals(c, contents.config());
        assertEquals(SyntheticSweep.CLASSES, contents.text().labels());
        assertArrayEquals(text(16).values(), contents.text().values());
        try (Segmenter s = Segmenter.load(dir, null)) {
          assertArrayEquals(before.values(), s.features(cloud).values());
          assertArrayEquals(labelsBefore.labels(), s.segment(cloud, contents.text()).labels());
        }
        try (NDManager m = NDManager.newBaseManager()) {
          SparseNetwork again = ModelFolder.load(dir, m, DataType.FLOAT32);
          assertArrayEquals(new float[] {7}, ModelFolder.extras(dir, again).get("optimizer.step").values());
        }
      }
    }
  }

  @Test
  void corruptOrForeignFilesAreReportedByName() throws IOException {
    NetworkConfig c = NetworkTest.small(NetworkConfig.spvcnn(), 8);
    Path dir = tmp.resolve("m");
    try (NDManager base = NDManager.newBaseManager()) {
      ModelFolder.write(dir, SparseNetwork.create(c, new Weights(base, DataType.FLOAT32, 1)), null);
    }
    try (var ch = Files.newByteChannel(dir.resolve(ModelFolder.WEIGHTS), StandardOpenOption.WRITE)) {
      ch.position(Files.size(dir.resolve(ModelFolder.WEIGHTS)) - 3);
      ch.write(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3}));
    }
    ModelFolderException e = assertThrows(ModelFolderException.class, () -> ModelFolder.read(dir));
    assertTrue(e.getMessage().contains("model.safetensors") && e.getMessage().contains("SHA-256"), e.getMessage());
    ModelFolderException missing = assertThrows(ModelFolderException.class, () -> ModelFolder.read(tmp.resolve("absent")));
    assertTrue(missing.getMessage().contains("config.json"), missing.getMessage());
  }

  @Test
  void aFailedSaveLeavesThePreviousCheckpointIntact() throws IOException {
    NetworkConfig c = NetworkTest.small(NetworkConfig.spvcnn(), 8);
    Path dir = tmp.resolve("m");
    try (NDManager base = NDManager.newBaseManager()) {
      SparseNetwork first = SparseNetwork.create(c, new Weights(base, DataType.FLOAT32, 1));
      ModelFolder.write(dir, first, null);
      SparseNetwork second = SparseNetwork.create(c, new Weights(base, DataType.FLOAT32, 2));
      // the extra tensor clashes with a weight name: the save fails after the new weights were collected
      String clash = second.weights().all().keySet().iterator().next();
      assertThrows(IllegalArgumentException.class,
          () -> ModelFolder.write(dir, second, null, Map.of(clash, new ModelFolder.Extra(new long[] {1}, new float[] {0}))));
      try (Segmenter s = Segmenter.load(dir, null); Segmenter original = Segmenter.of(first, null)) {
        assertArrayEquals(original.features(cloud).values(), s.features(cloud).values());
      }
      try (var files = Files.list(tmp)) {
        assertEquals(List.of("m"), files.map(p -> p.getFileName().toString()).toList(), "no temporary folder left");
      }
    }
  }
}
