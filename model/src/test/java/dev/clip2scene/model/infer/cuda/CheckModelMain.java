package dev.clip2scene.model.infer.cuda;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clip2scene.model.io.SafeTensors;
import dev.clip2scene.model.io.SafeTensorsWriter;
import dev.clip2scene.model.net.ModelFolder;
import dev.clip2scene.model.net.NetworkConfig;
import dev.clip2scene.model.net.SparseNetwork;
import dev.clip2scene.model.sparse.ForwardContext;
import dev.clip2scene.model.sparse.SparseGeometry;
import dev.clip2scene.model.sparse.Weights;
import dev.clip2scene.model.voxel.PointCloud;
import dev.clip2scene.model.voxel.Voxelizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Writes the device check's model folder (scripts/gpu-check/build.sh): MinkUNet14A for LiDAR (intensity input, 0.1 m
 * voxels) with seeded weights whose batch-norm statistics are calibrated on the real scans given (training-mode
 * passes, as pretraining would move them), so activations have a trained network's scale; stored in float16 to keep
 * the folder small (both engines of the check read the same file). Not a trained network.
 * Usage: CheckModelMain OUT_FOLDER SCAN.bin...
 */
public final class CheckModelMain {
  private CheckModelMain() {}

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args[0]);
    List<PointCloud> scans = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      float[] scan = DeviceCheck.readScan(Path.of(args[i]));
      for (long seed = 1; seed <= 2; seed++) scans.add(DeviceCheck.subset(scan, 35_000, seed));
    }
    NetworkConfig config = NetworkConfig.minkUNet14A().withInputFeatures(List.of("intensity")).withVoxelSize(0.1);
    try (NDManager base = NDManager.newBaseManager(); Weights w = new Weights(base, DataType.FLOAT32, 2026)) {
      SparseNetwork net = SparseNetwork.create(config, w);
      for (int pass = 0; pass < 40; pass++) {
        PointCloud c = scans.get(pass % scans.size());
        try (NDManager m = base.newSubManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
          net.forward(new ForwardContext(m, true, new SparseGeometry(new Voxelizer(config.voxelSize(), null).voxelize(c)), DataType.FLOAT32, pass));
        }
      }
      ModelFolder.write(out, net, null);
    }
    Path weights = out.resolve(ModelFolder.WEIGHTS);
    SafeTensorsWriter half = new SafeTensorsWriter().metadata("format", "clip2scene-model/1");
    try (SafeTensors st = SafeTensors.open(weights)) {
      for (String name : st.names()) half.addHalves(name, st.shape(name), st.floats(name));
    }
    half.write(weights);
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    Path configFile = out.resolve(ModelFolder.CONFIG);
    ObjectNode c = (ObjectNode) json.readTree(configFile.toFile());
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(weights)));
    ((ObjectNode) c.get("files")).put(ModelFolder.WEIGHTS, sha);
    Files.write(configFile, json.writeValueAsBytes(c));
    System.out.println("model folder " + out + ": " + config.architecture() + ", " + Files.size(weights) / (1 << 20) + " MiB of float16 weights");
  }
}
