package dev.clip2scene.nodes.interop;

import dev.clip2scene.testkit.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Test fixture: an independent ROS 2 peer on Cyclone DDS (Debian's cyclonedds-dev and cyclonedds-tools). It is
 * built from nodes/src/test/c (hand-written IDL + C, compiled with idlc and gcc into target/interop), runs on
 * loopback only (Cyclone config: interface lo, multicast on, 4 MB receive buffer) in the given domain, publishes
 * a PointCloud2 on /points and a TFMessage on /tf_static, and checks the PointCloud2 it receives on
 * /points_semantic. It exits by itself: 0 ok, 1 check failed, 2 nothing arrived in time. Skips (fails under CI)
 * where Cyclone or gcc is absent.
 */
public final class CycloneInteropPeer implements AutoCloseable {
  /** The frame, stamp and point layout the peer publishes (see interop_peer.c). */
  public static final String FRAME = "velodyne";
  public static final String PARENT_FRAME = "base_link";
  public static final int STAMP_SEC = 1_700_000_000;
  public static final int STAMP_NSEC = 123_456_789;

  public record Result(int exitCode, String output) {}

  private static Path binary;
  private final Process process;
  private final StringBuilder output = new StringBuilder();
  private final Thread reader;

  private CycloneInteropPeer(Process process) {
    this.process = process;
    this.reader = new Thread(() -> {
      try {
        String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        synchronized (output) {
          output.append(text);
        }
      } catch (IOException e) {
        synchronized (output) {
          output.append("(output unreadable: ").append(e).append(')');
        }
      }
    }, "cyclone-peer-output");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts the peer in DOMAIN: it sends clouds of POINTS points for up to TIMEOUT and expects a reply with
   * FIELDS ("name:offset:datatype,..." in order).
   */
  public static CycloneInteropPeer start(int domain, Duration timeout, int points, String fields) throws IOException, InterruptedException {
    Path exe = build();
    Path config = exe.resolveSibling("cyclone-loopback.xml");
    List<String> cmd = List.of(exe.toString(), String.valueOf(domain), String.valueOf(timeout.toSeconds()),
        String.valueOf(points), fields);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("CYCLONEDDS_URI", config.toUri().toString());
    return new CycloneInteropPeer(pb.start());
  }

  /** Compiles the peer once per JVM into nodes/target/interop. */
  public static synchronized Path build() throws IOException, InterruptedException {
    if (binary != null) return binary;
    Path idlc = Fixtures.executable("idlc");
    Path gcc = Fixtures.executable("gcc");
    Fixtures.require(Files.exists(Path.of("/usr/include/dds/dds.h")), "Cyclone DDS headers (Debian cyclonedds-dev) are not installed");
    Path src = Fixtures.root().resolve("nodes/src/test/c");
    Path out = Fixtures.root().resolve("nodes/target/interop");
    Files.createDirectories(out);
    run(out, idlc.toString(), "-l", "c", src.resolve("ros_types.idl").toString());
    Path exe = out.resolve("interop_peer");
    run(out, gcc.toString(), "-O1", "-Wall", "-o", exe.toString(), src.resolve("interop_peer.c").toString(),
        out.resolve("ros_types.c").toString(), "-I" + out, "-lddsc");
    Files.writeString(out.resolve("cyclone-loopback.xml"), """
        <?xml version="1.0" encoding="UTF-8"?>
        <CycloneDDS xmlns="https://cdds.io/config">
          <Domain Id="any">
            <General>
              <Interfaces><NetworkInterface name="lo" multicast="true"/></Interfaces>
              <AllowMulticast>true</AllowMulticast>
            </General>
            <Internal><SocketReceiveBufferSize min="4MB"/></Internal>
          </Domain>
        </CycloneDDS>
        """);
    binary = exe;
    return exe;
  }

  private static void run(Path dir, String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(new ArrayList<>(List.of(cmd))).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", cmd) + " failed:\n" + out);
    }
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Waits up to TIMEOUT for the peer to exit (killing it then) and returns its exit code and output. */
  public Result await(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly().waitFor();
    }
    reader.join(5000);
    synchronized (output) {
      return new Result(process.exitValue(), output.toString());
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) process.destroyForcibly().waitFor();
  }
}
