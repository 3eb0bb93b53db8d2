package dev.clip2scene.model.infer.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.clip2scene.model.net.ModelFolder;
import dev.clip2scene.model.net.NetworkConfig;
import dev.clip2scene.model.net.SparseNetwork;
import dev.clip2scene.model.sparse.Weights;
import dev.clip2scene.testkit.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The device check's folder layout and its CPU half, on a small network: the scans are read, the CPU engine's
 * reference and prototypes are made; without a CUDA device it reports why and exits 3, with one it must pass.
 */
class DeviceCheckTest {
  @TempDir Path tmp;

  @Test
  void theCheckRunsItsCpuHalfAndSaysWhyThereIsNoGpu() throws Exception {
    Path scans = Files.createDirectories(tmp.resolve("scans"));
    Files.copy(Fixtures.sharedData("semantickitti/000000.bin"), scans.resolve("semantickitti-000000.bin"));
    Files.copy(Fixtures.sharedData("semantickitti/000000.label"), scans.resolve("semantickitti-000000.label"));
    Files.copy(Fixtures.sharedData("kitti/object/velodyne/000000.bin"), scans.resolve("kitti-000000.bin"));
    NetworkConfig small = NetworkConfig.minkUNet14A().withWidths(new int[] {8, 8, 16, 16, 16, 16, 16, 8, 8}).withOutputDim(16)
        .withInputFeatures(List.of("intensity")).withVoxelSize(0.2);
    try (NDManager base = NDManager.newBaseManager(); Weights w = new Weights(base, DataType.FLOAT32, 3)) {
      ModelFolder.write(tmp.resolve("model"), SparseNetwork.create(small, w), null);
    }
    Map<String, Object> report = new LinkedHashMap<>();
    int status = DeviceCheck.run(tmp, 0, 3, report);
    assertEquals(Map.of("semantickitti-000000", 123_389, "kitti-000000", 115_384, "semantickitti-000000-35k", 35_000,
        "kitti-000000-35k", 35_000), report.get("points"));
    assertTrue((Integer) report.get("classes") >= 10, "SemanticKITTI classes with 100 points or more in scan 000000: " + report.get("classes"));
    if ("unavailable".equals(report.get("gpu"))) {
      assertEquals(3, status);
      assertTrue(((String) report.get("reason")).startsWith("no CUDA device: "), report.toString());
    } else {
      assertEquals(0, status, report.toString());
    }
  }
}
