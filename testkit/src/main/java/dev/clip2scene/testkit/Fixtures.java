package dev.clip2scene.testkit;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where tests find ../shared/data and the interop peers. Absent fixtures skip a test with a message on a user's
 * clone; under CI (CI=true) they fail it, so a broken install step can never pass as a skipped test.
 */
public final class Fixtures {
  private Fixtures() {}

  /** The repository root (set by surefire as clip2scene.root; falls back to the working directory's parent). */
  public static Path root() {
    String p = System.getProperty("clip2scene.root");
    return p != null ? Path.of(p) : Path.of("").toAbsolutePath().getParent();
  }

  /** ../shared/data/RELATIVE, or skip (fail under CI) when it is absent. */
  public static Path sharedData(String relative) {
    String p = System.getProperty("clip2scene.shared");
    Path shared = p != null ? Path.of(p) : root().resolve("../shared");
    Path f = shared.resolve("data").resolve(relative).normalize();
    require(Files.exists(f), "test data " + f + " is absent (../shared/data beside the repository)");
    return f;
  }

  /** .ci/peers/node_modules (npm peers installed by bin/test), or skip (fail under CI). */
  public static Path npmPeers() {
    Path modules = root().resolve(".ci/peers/node_modules");
    require(Files.isDirectory(modules), "npm peers are not installed in " + modules + " (run bin/test)");
    return modules;
  }

  /** An executable on PATH, or skip (fail under CI). */
  public static Path executable(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path f = Path.of(dir, name);
      if (Files.isExecutable(f)) return f;
    }
    require(false, "executable '" + name + "' is not on PATH");
    return null;
  }

  public static boolean underCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  /** Skips the test with MESSAGE when CONDITION is false, or fails it under CI. */
  public static void require(boolean condition, String message) {
    if (condition) return;
    if (underCi()) fail("CI requires it: " + message);
    assumeTrue(false, "skipped: " + message);
  }
}
