package dev.clip2scene.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a Node.js script of the repository against the npm peers (NODE_PATH = .ci/peers/node_modules, so scripts
 * use require()): feeds it STDIN, returns its stdout. Skips where node or the peers are absent (fails under CI).
 */
public final class NodeScript {
  private NodeScript() {}

  /** Runs `node SCRIPT` (relative to the repository root); a non-zero exit or a timeout fails with its stderr. */
  public static String run(String script, String stdin, Duration timeout) {
    Path node = Fixtures.executable("node");
    Path modules = Fixtures.npmPeers();
    Path file = Fixtures.root().resolve(script);
    try {
      Path err = Files.createTempFile("node-script", ".err");
      try {
        ProcessBuilder pb = new ProcessBuilder(node.toString(), file.toString()).redirectError(err.toFile());
        pb.environment().put("NODE_PATH", modules.toString());
        Process p = pb.start();
        CompletableFuture<Void> feeding = CompletableFuture.runAsync(() -> feed(p.getOutputStream(), stdin));
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          p.destroyForcibly();
          throw new AssertionError(script + " did not finish within " + timeout);
        }
        feeding.join();
        String stdout = new String(out.join(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
          throw new AssertionError(script + " exited " + p.exitValue() + ": " + Files.readString(err));
        }
        return stdout;
      } finally {
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while running " + script, e);
    }
  }

  private static void feed(OutputStream in, String text) {
    try (in) {
      in.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] readAll(InputStream s) {
    try (s) {
      return s.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
