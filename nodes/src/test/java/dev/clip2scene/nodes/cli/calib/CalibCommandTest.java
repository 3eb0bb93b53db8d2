package dev.clip2scene.nodes.cli.calib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clip2scene.nodes.cli.Clip2SceneCommand;
import dev.clip2scene.nodes.dataset.kitti.PngHeader;
import dev.clip2scene.testkit.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CalibCommandTest {
  @TempDir Path tmp;

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    CommandLine cli = Clip2SceneCommand.commandLine();
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err));
    PrintStream old = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      int code = cli.execute(args);
      return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString());
    } finally {
      System.setOut(old);
    }
  }

  @Test
  void checkListsCamerasAndFailsClearly() throws Exception {
    Run ok = run("calib", "check", Fixtures.root().resolve("calibration/nuscenes-like").toString(), "--json");
    assertEquals(0, ok.code, ok.err);
    JsonNode json = new ObjectMapper().readTree(ok.out);
    assertEquals(6, json.get("cameras").size());
    assertEquals("CAM_BACK", json.get("cameras").get(0).get("camera").asText());

    Run missing = run("calib", "check", tmp.toString());
    assertEquals(1, missing.code);
    assertEquals("check: error: " + tmp.resolve("extrinsics.yaml") + ": file not found", missing.err.strip());
    assertEquals(2, run("calib").code);
    assertEquals(2, run("calib", "bench", "--points", "many").code);
  }

  /** Issue 14 item 7: extrinsics whose frames form a loop fail naming the file, the entry and the loop. */
  @Test
  void cyclicExtrinsicsNameTheFile() throws Exception {
    Path rig = tmp.resolve("rig");
    Files.createDirectories(rig);
    Files.writeString(rig.resolve("extrinsics.yaml"), String.join("\n", "transforms:",
        "  - {parent: base_link, child: lidar, translation: [0, 0, 1], rotation: [0, 0, 0, 1]}",
        "  - {parent: lidar, child: camera, translation: [0, 0, 0], rotation: [0, 0, 0, 1]}",
        "  - {parent: camera, child: base_link, translation: [0, 0, 0], rotation: [0, 0, 0, 1]}", ""));
    Run loop = run("calib", "check", rig.toString());
    assertEquals(1, loop.code);
    assertEquals("check: error: " + rig.resolve("extrinsics.yaml") + ": transforms[0]: frames form a loop: lidar -> "
        + "base_link -> camera -> lidar (each frame's parent leads back to it)", loop.err.strip());
  }

  @Test
  void benchReportsFigures() throws Exception {
    Run r = run("calib", "bench", "--rig", Fixtures.root().resolve("calibration/nuscenes-like").toString(),
        "--points", "20000", "--frames", "3", "--warmup", "1", "--occlusion", "0.5", "--json");
    assertEquals(0, r.code, r.err);
    JsonNode json = new ObjectMapper().readTree(r.out);
    assertEquals(6, json.get("cameras").asInt());
    assertTrue(json.get("pairs_per_frame").asInt() > 1000, r.out);
    assertTrue(json.get("p50_ms").asDouble() > 0);
  }

  @Test
  void overlayWritesAPng() throws Exception {
    Path kitti = Fixtures.sharedData("kitti/object");
    Path png = tmp.resolve("overlay.png");
    Run r = run("calib", "overlay", "--kitti", kitti.toString(), "--frame", "000002", "-o", png.toString());
    assertEquals(0, r.code, r.err);
    assertTrue(r.out.contains("points inside image_2"), r.out);
    PngHeader size = PngHeader.read(png);
    assertTrue(size.width() > 1000 && size.height() > 300, size.toString());
    assertEquals(1, run("calib", "overlay", "--kitti", kitti.toString(), "--frame", "999999", "-o", png.toString())
        .code);
  }
}
