package dev.clip2scene.nodes.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clip2scene.nodes.cli.Clip2SceneCommand;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LaunchRunnerTest {
  @TempDir Path dir;

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  private List<LaunchProcess> eval(String xml) throws IOException {
    Path f = dir.resolve("t.launch.xml");
    Files.writeString(f, xml);
    return LaunchFile.evaluate(f, Map.of(), dir, Map.of());
  }

  @Test
  void clip2sceneNodeRunsAsAChildJvmAndOutputIsForwarded() throws Exception {
    List<LaunchProcess> ps = eval("""
        <launch>
          <node pkg="clip2scene" exec="transport_bench" name="bench_help" args="--help"/>
          <executable name="greeter" cmd="sh -c 'echo hello from the child'"/>
        </launch>
        """);
    int rc = new LaunchRunner(out, Set.of("transport")).run(ps);
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(0, rc, text);
    assertTrue(text.contains("[greeter] hello from the child"), text);
    assertTrue(text.contains("[bench_help] Usage: clip2scene transport bench"), text);
  }

  @Test
  void aFailingChildStopsTheOthers() throws Exception {
    List<LaunchProcess> ps = eval("""
        <launch>
          <executable name="sleeper" cmd="sleep 60"/>
          <executable name="failer" cmd="sh -c 'sleep 0.5; exit 3'"/>
        </launch>
        """);
    long t0 = System.nanoTime();
    int rc = new LaunchRunner(out, Set.of()).run(ps);
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(1, rc, text);
    assertTrue(text.contains("failer exited with code 3; stopping the others"), text);
    assertTrue(System.nanoTime() - t0 < 30_000_000_000L, "the sleeper was not stopped");
  }

  @Test
  void aLaunchedNodeGetsTheVectorModuleOfItsLauncher() throws Exception {
    assertTrue(dev.clip2scene.model.infer.CpuEngine.available(), "the tests run with the Vector API (surefire.argLine)");
    List<LaunchProcess> ps = eval("<launch><node pkg=\"clip2scene\" exec=\"perception\"/><executable cmd=\"true\"/></launch>");
    List<String> node = LaunchRunner.argv(ps.get(0));
    int i = node.indexOf("--add-modules");
    assertTrue(i > 0 && node.get(i + 1).equals("jdk.incubator.vector") && i < node.indexOf("-cp"), node.toString());
    assertEquals(List.of("true"), LaunchRunner.argv(ps.get(1)));
  }

  @Test
  void unknownVerbIsReportedBeforeAnythingStarts() throws Exception {
    List<LaunchProcess> ps = eval("<launch><executable cmd=\"true\"/><node pkg=\"clip2scene\" exec=\"perception\"/></launch>");
    LaunchException e = assertThrows(LaunchException.class, () -> new LaunchRunner(out, Set.of("launch")).run(ps));
    assertTrue(e.getMessage().contains("`clip2scene perception`, which this build of clip2scene does not have"), e.getMessage());
    assertTrue(bytes.toString(StandardCharsets.UTF_8).isEmpty(), "nothing started");
  }

  @Test
  void stoppingTheLauncherStopsItsChildren() throws Exception {
    Path f = dir.resolve("sleep.launch.xml");
    Files.writeString(f, "<launch><executable name=\"sleeper\" cmd=\"sleep 60\"/></launch>");
    Process launcher = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), "-Dclip2scene.root=" + dir, Clip2SceneCommand.class.getName(), "launch", f.toString())
        .redirectErrorStream(true).start();
    try (var r = new java.io.BufferedReader(new java.io.InputStreamReader(launcher.getInputStream(), StandardCharsets.UTF_8))) {
      String line = r.readLine();
      assertTrue(line != null && line.startsWith("[launch] started sleeper (pid "), String.valueOf(line));
      long pid = Long.parseLong(line.replaceAll("\\D+", ""));
      ProcessHandle child = ProcessHandle.of(pid).orElseThrow();
      launcher.destroy(); // SIGTERM, as Ctrl-C's SIGINT: the JVM runs its shutdown hooks
      assertTrue(launcher.waitFor(20, java.util.concurrent.TimeUnit.SECONDS), "launcher did not exit");
      child.onExit().get(20, java.util.concurrent.TimeUnit.SECONDS);
      assertTrue(!child.isAlive(), "sleep child survived its launcher");
    } finally {
      launcher.destroyForcibly();
    }
  }

  @Test
  void cliPrintShowsResolvedProcesses() {
    StringWriter sw = new StringWriter();
    var cli = Clip2SceneCommand.commandLine();
    cli.setOut(new PrintWriter(sw));
    int rc = cli.execute("launch", "field_test.launch.xml", "--print", "bag:=/data/b", "out:=/tmp/o");
    assertEquals(0, rc, sw.toString());
    assertTrue(sw.toString().contains("bag_play: clip2scene bag play /data/b --rate 1.0"), sw.toString());
    StringWriter js = new StringWriter();
    cli.setOut(new PrintWriter(js));
    assertEquals(0, cli.execute("launch", "perception.launch.xml", "--print", "--json"));
    assertTrue(js.toString().contains("\"exec\" : \"perception\""), js.toString());
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err));
    assertEquals(2, cli.execute("launch", "field_test.launch.xml", "--print", "bag=/data/b"));
    assertEquals(1, cli.execute("launch", "field_test.launch.xml", "--print"));
    assertTrue(err.toString().contains("'bag' is required"), err.toString());
  }
}
