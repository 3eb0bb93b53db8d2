package dev.clip2scene.nodes.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clip2scene.testkit.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LaunchFileTest {
  @TempDir Path dir;

  private Path write(String name, String xml) throws IOException {
    Path f = dir.resolve(name);
    Files.writeString(f, xml);
    return f;
  }

  private List<LaunchProcess> eval(Path f, Map<String, String> args) {
    return LaunchFile.evaluate(f, args, Path.of("/opt/c2s"), Map.of("HOME_X", "/home/x"));
  }

  private static LaunchProcess named(List<LaunchProcess> ps, String name) {
    return ps.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow(() -> new AssertionError(name + " not in " + ps));
  }

  @Test
  void shippedPerceptionLaunchResolves() {
    Path root = Fixtures.root();
    List<LaunchProcess> ps = LaunchFile.evaluate(root.resolve("launch/perception.launch.xml"),
        Map.of("cloud_topic", "/velodyne_points", "namespace", "car"), root, Map.of());
    assertEquals(1, ps.size());
    LaunchProcess p = ps.get(0);
    assertEquals(List.of("clip2scene", "perception", "--ros-args", "-r", "__node:=clip2scene_perception", "-r", "__ns:=/car",
        "--params-file", root.resolve("launch/perception.params.yaml").toString(), "-p", "model:=",
        "-r", "/points:=/velodyne_points", "-r", "/points_semantic:=/points_semantic"), p.command());
  }

  @Test
  void shippedFieldTestPlaysIntoTheNodeAndRecords() {
    Path root = Fixtures.root();
    Path f = root.resolve("launch/field_test.launch.xml");
    List<LaunchProcess> ps = LaunchFile.evaluate(f, Map.of("bag", "/data/run1", "out", "/tmp/out"), root, Map.of());
    assertEquals(List.of("clip2scene_perception", "bag_play", "bag_record"), ps.stream().map(LaunchProcess::name).toList());
    assertEquals(List.of("clip2scene", "bag", "play", "/data/run1", "--rate", "1.0"), named(ps, "bag_play").command().subList(0, 6));
    assertTrue(named(ps, "bag_record").command().containsAll(List.of("record", "/tmp/out", "/points_semantic")));
    List<LaunchProcess> looping = LaunchFile.evaluate(f, Map.of("bag", "b", "out", "o", "loop", "true"), root, Map.of());
    assertTrue(named(looping, "bag_play").command().contains("--loop"));
    LaunchException e = assertThrows(LaunchException.class, () -> LaunchFile.evaluate(f, Map.of("out", "o"), root, Map.of()));
    assertTrue(e.getMessage().contains("'bag' is required (rosbag2 folder to play)"), e.getMessage());
  }

  @Test
  void shippedPretrainLaunchResolves() {
    Path root = Fixtures.root();
    List<LaunchProcess> ps = LaunchFile.evaluate(root.resolve("launch/pretrain.launch.xml"), Map.of("bag", "b", "out", "o"), root, Map.of());
    assertEquals(List.of("clip2scene", "pretrain", "b", "--out", "o"), ps.get(0).command().subList(0, 5));
  }

  @Test
  void substitutions() throws IOException {
    Path f = write("s.launch.xml", """
        <launch>
          <arg name="a" default="one"/>
          <let name="b" value="$(var a)-two"/>
          <executable cmd="echo $(var b) $(env HOME_X) $(env NOPE fallback) $(find-pkg-share clip2scene)/x $(dirname) '$(var a) quoted'"/>
          <executable name="nested" cmd="echo $(env NOPE $(var a))"/>
        </launch>
        """);
    List<LaunchProcess> ps = eval(f, Map.of());
    assertEquals(List.of("echo", "one-two", "/home/x", "fallback", "/opt/c2s/x", dir.toAbsolutePath().toString(), "one quoted"), ps.get(0).command());
    assertEquals(List.of("echo", "one"), named(ps, "nested").command());
    LaunchException e = assertThrows(LaunchException.class, () -> eval(write("u.launch.xml",
        "<launch><executable cmd=\"echo $(var missing)\"/></launch>"), Map.of()));
    assertTrue(e.getMessage().contains("$(var missing)") && e.getMessage().contains("u.launch.xml"), e.getMessage());
    e = assertThrows(LaunchException.class, () -> eval(write("v.launch.xml",
        "<launch><executable cmd=\"$(find-pkg-share rviz2)\"/></launch>"), Map.of()));
    assertTrue(e.getMessage().contains("needs a ROS install"), e.getMessage());
  }

  @Test
  void groupsScopeArgumentsAndPushNamespaces() throws IOException {
    Path f = write("g.launch.xml", """
        <launch>
          <let name="x" value="outer"/>
          <group>
            <push-ros-namespace namespace="robot"/>
            <let name="x" value="inner"/>
            <node pkg="clip2scene" exec="perception" name="p1" namespace="sub" args="$(var x)"/>
          </group>
          <group scoped="false">
            <let name="y" value="leaked"/>
          </group>
          <node pkg="clip2scene" exec="perception" name="p2" args="$(var x) $(var y)"/>
        </launch>
        """);
    List<LaunchProcess> ps = eval(f, Map.of());
    assertTrue(named(ps, "p1").command().containsAll(List.of("inner", "__ns:=/robot/sub")), named(ps, "p1").commandLine());
    assertEquals(List.of("clip2scene", "perception", "outer", "leaked", "--ros-args", "-r", "__node:=p2"), named(ps, "p2").command());
  }

  @Test
  void includesPassArgumentsAndConditionsSelect() throws IOException {
    write("child.launch.xml", """
        <launch>
          <arg name="rate" default="1.0"/>
          <executable name="child" cmd="play --rate $(var rate)"/>
          <executable name="fast" cmd="fast" if="$(var rate)"/>
        </launch>
        """);
    Path f = write("parent.launch.xml", """
        <launch>
          <arg name="debug" default="false"/>
          <include file="$(dirname)/child.launch.xml"><arg name="rate" value="0"/></include>
          <executable name="dbg" cmd="gdb" if="$(var debug)"/>
          <executable name="nodbg" cmd="run" unless="$(var debug)"/>
        </launch>
        """);
    List<LaunchProcess> ps = eval(f, Map.of());
    assertEquals(List.of("child", "nodbg"), ps.stream().map(LaunchProcess::name).toList());
    assertEquals(List.of("play", "--rate", "0"), ps.get(0).command());
    assertEquals(List.of("child", "dbg"), eval(f, Map.of("debug", "1")).stream().map(LaunchProcess::name).toList());
    LaunchException e = assertThrows(LaunchException.class, () -> eval(f, Map.of("debug", "maybe")));
    assertTrue(e.getMessage().contains("condition 'maybe'"), e.getMessage());
    e = assertThrows(LaunchException.class, () -> eval(f, Map.of("undeclared", "1")));
    assertTrue(e.getMessage().contains("argument 'undeclared' is not declared"), e.getMessage());
  }

  @Test
  void clearErrors() throws IOException {
    LaunchException e = assertThrows(LaunchException.class, () -> eval(write("r.launch.xml",
        "<launch><node pkg=\"rviz2\" exec=\"rviz2\"/></launch>"), Map.of()));
    assertTrue(e.getMessage().contains("rviz2/rviz2 needs a ROS install"), e.getMessage());
    e = assertThrows(LaunchException.class, () -> eval(write("x.launch.xml",
        "<launch><node pkg=\"clip2scene\" exec=\"teleport\"/></launch>"), Map.of()));
    assertTrue(e.getMessage().contains("no executable 'teleport'") && e.getMessage().contains("perception"), e.getMessage());
    e = assertThrows(LaunchException.class, () -> eval(write("bad.launch.xml", "<launch><node"), Map.of()));
    assertTrue(e.getMessage().contains("bad.launch.xml") && e.getMessage().contains("not well-formed"), e.getMessage());
    e = assertThrows(LaunchException.class, () -> eval(dir.resolve("absent.launch.xml"), Map.of()));
    assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    e = assertThrows(LaunchException.class, () -> eval(write("t.launch.xml", "<launch><timer period=\"1\"/></launch>"), Map.of()));
    assertTrue(e.getMessage().contains("unsupported launch element"), e.getMessage());
    e = assertThrows(LaunchException.class, () -> eval(write("d.launch.xml",
        "<!DOCTYPE launch [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><launch>&x;</launch>"), Map.of()));
    assertTrue(e.getMessage().contains("d.launch.xml"), e.getMessage());
  }
}
