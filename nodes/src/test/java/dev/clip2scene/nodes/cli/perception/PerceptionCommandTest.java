package dev.clip2scene.nodes.cli.perception;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clip2scene.msgs.MessageTypes;
import dev.clip2scene.msgs.builtin.Time;
import dev.clip2scene.msgs.pointcloud.PointCloud2View;
import dev.clip2scene.msgs.std.Header;
import dev.clip2scene.nodes.cli.Clip2SceneCommand;
import dev.clip2scene.nodes.perception.XyziCloud;
import dev.clip2scene.nodes.transport.DdsParticipant;
import dev.clip2scene.nodes.transport.Qos;
import dev.clip2scene.nodes.transport.RawPublisher;
import dev.clip2scene.nodes.transport.RawSubscriber;
import dev.clip2scene.nodes.transport.ReceivedSample;
import dev.clip2scene.nodes.transport.TestDomains;
import dev.clip2scene.nodes.transport.TransportOptions;
import dev.clip2scene.testkit.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** `clip2scene perception` as a process: the shipped params file, --ros-args overrides and a remap; SIGINT stops it with exit 0. */
class PerceptionCommandTest {

  @Test
  void nodeProcessSegmentsARemappedTopicAndStopsOnSigintWithExitZero() throws Exception {
    int domain = TestDomains.random();
    List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), Clip2SceneCommand.class.getName(), "perception",
        "--params-file", Fixtures.root().resolve("launch/perception.params.yaml").toString(),
        "--ros-args", "-p", "loopback_only:=true", "-p", "network_widths:=[4,4,8,8,8,8,8,4,4]",
        "-p", "network_output_dim:=8", "-r", "/points:=/lidar", "-r", "__node:=seg");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("ROS_DOMAIN_ID", Integer.toString(domain));
    pb.environment().put("ROS_DISABLE_SHARED_MEMORY_TRANSPORT", "true");
    Process p = pb.start();
    StringBuffer out = new StringBuffer();
    Thread reader = new Thread(() -> {
      try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = lines.readLine()) != null; ) out.append(line).append('\n');
      } catch (java.io.IOException e) {
        out.append(e);
      }
    });
    reader.start();
    try (DdsParticipant peer = new DdsParticipant("peer", TransportOptions.loopback(domain))) {
      RawPublisher lidar = peer.publisher("/lidar", "sensor_msgs/msg/PointCloud2", Qos.SENSOR_DATA);
      RawSubscriber semantic = peer.subscriber("/points_semantic", "sensor_msgs/msg/PointCloud2", Qos.outputs(), 4);
      float[] points = new float[400];
      for (int i = 0; i < points.length; i++) points[i] = (i % 7) - 3f;
      byte[] cloud = MessageTypes.POINT_CLOUD2.encode(XyziCloud.of(new Header(new Time(42, 7), "lidar"), points, true));
      ReceivedSample got = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (got == null && p.isAlive() && System.nanoTime() < deadline) { // until the process is up and matched
        lidar.publish(cloud);
        got = semantic.poll(500, TimeUnit.MILLISECONDS);
      }
      assertTrue(got != null, "no semantic cloud from the node process:\n" + out);
      PointCloud2View v = PointCloud2View.decode(got.cdr());
      assertEquals(new Header(new Time(42, 7), "lidar"), v.header());
      assertEquals(100, v.size());
      // SIGINT, as ros2 launch and Ctrl-C send it (Process.destroy would send SIGTERM and close our end of the pipe);
      // SIGTERM where this JVM was started with SIGINT ignored (a background job of a script), as the node is then
      String signal = sigintIgnored() ? "-TERM" : "-INT";
      assertEquals(0, new ProcessBuilder("kill", signal, Long.toString(p.pid())).inheritIO().start().waitFor());
      assertTrue(p.waitFor(60, TimeUnit.SECONDS), "node did not stop on " + signal + ":\n" + out);
    } finally {
      if (p.isAlive()) p.destroyForcibly(); // on an exited process it would close the pipe under the reader
      reader.join(30_000);
    }
    assertTrue(out.toString().contains("seg: running (/lidar -> /points_semantic)"), out.toString());
    assertTrue(out.toString().contains("seg: stopped"), out.toString());
    assertEquals(0, p.exitValue(), out.toString()); // as a ROS 2 node stopped by a signal: ros2 launch calls it clean
  }

  /** Whether SIGINT is ignored in this process, so in the children it starts (Linux: SigIgn in /proc/self/status). */
  private static boolean sigintIgnored() throws java.io.IOException {
    for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("SigIgn:")) return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & (1L << 1)) != 0;
    }
    return false;
  }
}
