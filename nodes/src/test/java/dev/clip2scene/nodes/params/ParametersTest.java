package dev.clip2scene.nodes.params;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clip2scene.nodes.launch.LaunchFile;
import dev.clip2scene.nodes.launch.LaunchProcess;
import dev.clip2scene.testkit.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParametersTest {
  @TempDir Path dir;

  private Path yaml(String text) throws IOException {
    Path f = dir.resolve("p.yaml");
    Files.writeString(f, text);
    return f;
  }

  @Test
  void filesThenOverridesWildcardThenNodeThenQualified() throws IOException {
    Path f = yaml("""
        /**:
          ros__parameters:
            rate: 5
            use_sim_time: false
        seg:
          ros__parameters:
            rate: 10
            camera:
              topics: [/cam0/image, /cam1/image]
              tolerance: 0.05
        /car/seg:
          ros__parameters:
            frame: lidar
        other:
          ros__parameters:
            rate: 99
        """);
    RosArgs args = RosArgs.parse("bag.db3", "--ros-args", "-r", "__ns:=/car", "--params-file", f.toString(),
        "-p", "camera.tolerance:=0.1", "-p", "name:=hello", "-r", "/points:=/velodyne", "--", "--verbose");
    assertEquals(List.of("bag.db3", "--verbose"), args.appArgs());
    assertEquals("/velodyne", args.remap("/points"));
    assertEquals("/other", args.remap("/other"));
    NodeParameters p = NodeParameters.resolve("seg", args);
    assertEquals(10, p.getLong("rate", 0));
    assertFalse(p.getBoolean("use_sim_time", true));
    assertEquals(List.of("/cam0/image", "/cam1/image"), p.getStringList("camera.topics", List.of()));
    assertEquals(0.1, p.getDouble("camera.tolerance", 0));
    assertEquals("lidar", p.getString("frame", "?"));
    assertEquals("hello", p.getString("name", "?"));
    assertEquals(7, p.getLong("absent", 7));
    ParameterException e = assertThrows(ParameterException.class, () -> p.getLong("name", 0));
    assertTrue(e.getMessage().contains("'name'") && e.getMessage().contains("command line"), e.getMessage());
    e = assertThrows(ParameterException.class, () -> p.getBoolean("rate", false));
    assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
  }

  @Test
  void badInputIsNamed() throws IOException {
    ParameterException e = assertThrows(ParameterException.class, () -> ParameterFile.read(dir.resolve("none.yaml")));
    assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    Path f = yaml("node:\n  rate: 3\n");
    e = assertThrows(ParameterException.class, () -> ParameterFile.read(f));
    assertTrue(e.getMessage().contains("'ros__parameters'"), e.getMessage());
    Path g = yaml("node: [unclosed\n");
    e = assertThrows(ParameterException.class, () -> ParameterFile.read(g));
    assertTrue(e.getMessage().contains("not valid YAML"), e.getMessage());
    e = assertThrows(ParameterException.class, () -> RosArgs.parse("--ros-args", "-p", "novalue"));
    assertTrue(e.getMessage().contains("name:=value"), e.getMessage());
    e = assertThrows(ParameterException.class, () -> RosArgs.parse("--ros-args", "--enclave", "x"));
    assertTrue(e.getMessage().contains("--enclave"), e.getMessage());
  }

  @Test
  void theShippedPerceptionLaunchGivesTheNodeItsParameters() {
    Path root = Fixtures.root();
    List<LaunchProcess> ps = LaunchFile.evaluate(root.resolve("launch/perception.launch.xml"), Map.of("model", "/m/run1"), root, Map.of());
    List<String> cmd = ps.get(0).command();
    RosArgs args = RosArgs.parse(cmd.subList(2, cmd.size()).toArray(String[]::new));
    NodeParameters p = NodeParameters.resolve("perception", args);
    assertEquals("clip2scene_perception", p.node());
    assertEquals("/m/run1", p.getString("model", ""));
    assertEquals(16777216, p.getLong("max_sample_bytes", 0));
    assertEquals(List.of(), p.getStringList("camera_topics", List.of("x")));
  }
}
