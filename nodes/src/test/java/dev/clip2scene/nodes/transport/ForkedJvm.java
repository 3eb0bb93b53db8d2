package dev.clip2scene.nodes.transport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a main class in a child JVM with the test classpath, so a native crash fails the calling test with the
 * child's output instead of killing the surefire JVM. The child is killed at the timeout.
 */
public final class ForkedJvm {
  public record Result(int exitCode, String output) {}

  private ForkedJvm() {}

  public static Result run(Class<?> main, Duration timeout, String... args) throws IOException, InterruptedException {
    return run(List.of(), main, timeout, args);
  }

  /** As above, with JVM_OPTIONS (e.g. --add-modules, -D...) before the main class. */
  public static Result run(List<String> jvmOptions, Class<?> main, Duration timeout, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // a crash report goes to the temp folder, not into the working tree
    cmd.add("-XX:ErrorFile=" + Path.of(System.getProperty("java.io.tmpdir"), "clip2scene_hs_err_%p.log"));
    cmd.addAll(jvmOptions);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(main.getName());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    StringBuilder out = new StringBuilder();
    Thread reader = new Thread(() -> {
      try {
        out.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        out.append("(output unreadable: ").append(e).append(')');
      }
    });
    reader.start();
    if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly().waitFor();
      reader.join(5000);
      return new Result(-1, out + "\n(killed after " + timeout + ")");
    }
    reader.join(5000);
    return new Result(p.exitValue(), out.toString());
  }
}
